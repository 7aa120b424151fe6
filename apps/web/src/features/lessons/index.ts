export { LessonPanel } from './LessonPanel.tsx'
export { startLesson } from './lessonActions.ts'
export { showLessons, useLessons } from './lessonStore.ts'
export { WelcomeDialog, isFirstVisit } from './WelcomeDialog.tsx'

export { LessonPanel } from './LessonPanel.tsx'

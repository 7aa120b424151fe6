export { CodeTab } from './CodeTab.tsx'
export { JsonTab } from './JsonTab.tsx'

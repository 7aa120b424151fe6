export { DataPanel } from './DataPanel.tsx'

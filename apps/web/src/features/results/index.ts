export { ResultsPanel } from './ResultsPanel.tsx'

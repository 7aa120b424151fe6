export { analyzeJobText, groupIndexOfPath, jobToText, validate } from './analyzeJobText.ts'

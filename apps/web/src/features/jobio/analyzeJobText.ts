/** Turns job JSON text into a job document plus problems that name a JSON path and a range. */
import { parseJob, ZeroLabError } from '@zerolab/shared'
import { toJobDocument, type JobDocument } from '../../state/jobDocument.ts'
import { JsonSyntaxError, parseLocated, rangeOfPath, type LocatedJson } from './locatedJson.ts'

export interface JobProblem {
  /** JSON path, e.g. `groups[1].connect[0]`; '' for the whole document. */
  path: string
  message: string
  start: number
  end: number
}

export interface JobAnalysis {
  /** Set when the text is a job the designer can draw (it may still have problems). */
  job?: JobDocument
  problems: JobProblem[]
}

export function analyzeJobText(text: string): JobAnalysis {
  let located: LocatedJson
  try {
    located = parseLocated(text)
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    return { problems: [{ path: e.path, message: e.message, start: e.offset, end: e.offset + 1 }] }
  }
  let job: JobDocument
  try {
    job = toJobDocument(located.value)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    return { problems: [{ path: '', message: `(root): ${message}`, start: 0, end: text.length }] }
  }
  const problem = validate(located.value)
  if (!problem) return { job, problems: [] }
  // Array-form jobs are validated as { groups: [...] }; map the path back onto the text.
  const textPath = Array.isArray(located.value) ? problem.path.replace(/^groups/, '') : problem.path
  const range = rangeOfPath(located, textPath === '$' ? '' : textPath) ?? {
    start: 0,
    end: text.length,
  }
  return { job, problems: [{ ...problem, ...range }] }
}

/** The first rule the job breaks (parseJob), with its JSON path, or null when it is valid. */
export function validate(value: unknown): { path: string; message: string } | null {
  try {
    parseJob(value)
    return null
  } catch (e) {
    if (e instanceof ZeroLabError) return { path: e.path ?? '', message: e.message }
    return { path: '', message: e instanceof Error ? e.message : String(e) }
  }
}

/** Index of the group a JSON path points into (`groups[2].exec` → 2), if any. */
export function groupIndexOfPath(path: string): number | undefined {
  const m = /^groups\[(\d+)\]/.exec(path)
  return m ? Number(m[1]) : undefined
}

/** Pretty JSON as the designer writes it. */
export const jobToText = (job: JobDocument): string => `${JSON.stringify(job, null, 2)}\n`

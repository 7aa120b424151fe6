import { z } from 'zod'
import { IMAGES } from './instance.ts'

/**
 * The raw shape of a job description as users write it: ZeroCloud's array of groups or our
 * `{ version: 1, groups }` object, with every deprecated spelling ZeroCloud accepted
 * (`file_list`, `device`, `args` as one string). parseJob() validates against this schema,
 * then normalizes and checks the rules that span fields. The object schemas are loose: fields
 * we do not know (future extensions, other tools' keys) pass validation, and the designer's
 * types (`z.input`, below) keep them on a round trip; parseJob copies only what it knows.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()])

export const deviceInputSchema = z.looseObject({
  name: z.string().optional(),
  device: z.string().optional(),
  path: z.string().optional(),
  content_type: z.string().optional(),
  meta: z.record(z.string(), scalar).optional(),
  mode: z.enum(['file', 'char', 'pipe', 'block']).optional(),
  min_size: z.number().int().nonnegative().optional(),
})

const channelLimitsSchema = z.object({
  maxReads: z.number().int().nonnegative().optional(),
  maxReadBytes: z.number().int().nonnegative().optional(),
  maxWrites: z.number().int().nonnegative().optional(),
  maxWriteBytes: z.number().int().nonnegative().optional(),
})

const groupLimitsSchema = z.object({
  memoryMb: z.number().positive().max(4096).optional(),
  timeoutMs: z.number().int().positive().optional(),
  maxOutputBytes: z.number().int().nonnegative().optional(),
  channel: channelLimitsSchema.optional(),
})

export const execInputSchema = z.looseObject({
  path: z.string().optional(),
  args: z.union([z.string(), z.array(z.string())]).optional(),
  env: z.record(z.string(), scalar).optional(),
  name: z.string().optional(),
  image: z.enum(IMAGES).optional(),
  source: z.string().optional(),
  encoding: z.enum(['utf8', 'base64']).optional(),
  lang: z.enum(['js', 'ts']).optional(),
})

const uiPositionSchema = z.object({ x: z.number(), y: z.number() })

export const groupInputSchema = z.looseObject({
  name: z.string().min(1),
  exec: execInputSchema,
  devices: z.array(deviceInputSchema).optional(),
  file_list: z.array(deviceInputSchema).optional(),
  count: z.number().int().positive().optional(),
  connect: z.array(z.string()).optional(),
  attach: z.string().optional(),
  location: z.string().optional(),
  replicate: z.number().int().min(1).max(3).optional(),
  limits: groupLimitsSchema.optional(),
  ui: uiPositionSchema.optional(),
})

export const jobObjectSchema = z.looseObject({
  version: z.literal(1).optional(),
  seed: z.string().optional(),
  epoch: z.union([z.string(), z.number()]).optional(),
  groups: z.array(groupInputSchema).min(1),
  ui: z.record(z.string(), z.unknown()).optional(),
})

/** The shapes users write (and the designer edits), unknown keys included. */
export type DeviceInput = z.input<typeof deviceInputSchema>
export type ExecInput = z.input<typeof execInputSchema>
export type GroupInput = z.input<typeof groupInputSchema>
export type GroupLimits = z.input<typeof groupLimitsSchema>
export type JobObjectInput = z.input<typeof jobObjectSchema>
/** What users write: ZeroCloud's array of groups, or our object form. */
export type JobInput = GroupInput[] | JobObjectInput

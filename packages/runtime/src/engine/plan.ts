import type { Job, JobDevice } from '@zerolab/shared'
import type { ObjectInfo } from '../store/objectStore.ts'

export interface ObjectRef {
  account: string
  container: string
  object: string
}

/** One device of one instance after wildcard expansion. */
export interface PlannedDevice {
  name: string
  /** Guest path, `/dev/<name>`. */
  alias: string
  mode: 'read' | 'write'
  device: JobDevice
  /** The object read or written; absent for path-less devices and zvm:// routes. */
  object?: ObjectRef
  /** Known metadata of a readable object (from the listing or a HEAD). */
  info?: ObjectInfo
  /** Set on a writable device routed with zvm:// (the readers are in their zvmIn). */
  routed?: boolean
}

/** A reader side of a zvm:// route: the writer's channel feeds this instance's device. */
export interface ZvmSource {
  source: string
  sourceId: number
  fromAlias: string
  toDevice: string
}

export interface PlannedInstance {
  /** 1-based, in creation order over the whole job (ZeroVM's manifest Node=). */
  id: number
  name: string
  groupIndex: number
  devices: PlannedDevice[]
  /** Destination instance names: this instance writes `/dev/out/<name>`. */
  outPeers: string[]
  /** Source instance names: this instance reads `/dev/in/<name>`. */
  inPeers: string[]
  zvmIn: ZvmSource[]
  /** Ids of the instances that must end `ok` before this one can run. */
  upstream: number[]
  /** The device the instance is attached to (CGI LOCAL_* variables). */
  attached?: PlannedDevice
}

export interface Plan {
  job: Job
  account: string
  instances: PlannedInstance[]
  warnings: string[]
}

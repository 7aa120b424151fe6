import type { JobView } from './api.ts'

/** `POST /api/workshops` body: a lesson link for students of the caller's account. */
export interface WorkshopRequest {
  lesson: string
  title?: string
  /** Containers students may read (their lesson's input data). */
  read?: string[]
  /** Containers students may write (where their lesson's jobs put outputs); read too. */
  write?: string[]
}

/** A workshop as its instructor sees it. */
export interface WorkshopView {
  id: string
  title: string
  lesson: string
  account: string
  owner: string
  /** The ACL group every student of this workshop is in. */
  group: string
  read: string[]
  write: string[]
  /** The link to hand out: opening it joins the workshop. */
  url: string
  students: number
  createdAt: string
  closedAt?: string
}

/** `GET /api/workshops/:id` without a token: what the join page shows. */
export interface WorkshopInvite {
  id: string
  title: string
  lesson: string
  account: string
  open: boolean
}

/** `POST /api/workshops/:id/join` (201): the student's new user, to sign in with. */
export interface WorkshopJoined {
  workshop: string
  lesson: string
  /** `account:user` for X-Auth-User; `key` is shown only now. */
  authUser: string
  key: string
  user: string
  /** The student's private container. */
  home: string
}

/** `GET /api/workshops/:id/students`: who joined and their latest runs (newest first). */
export interface WorkshopStudentsView {
  workshop: WorkshopView
  students: { user: string; joinedAt: string; runs: JobView[] }[]
}

import {
  ZeroLabError,
  type JobView,
  type WorkshopInvite,
  type WorkshopJoined,
  type WorkshopStudentsView,
  type WorkshopView,
} from '@zerolab/shared'
import { randomBytes } from 'node:crypto'
import type { AccountService } from '../account/accountService.ts'
import type { AuthService } from '../auth/authService.ts'
import { ADMIN, makePrincipal, type Principal } from '../auth/principal.ts'
import type { Db } from '../db/openDb.ts'
import { WorkshopsRepo, type WorkshopRow } from '../db/workshopsRepo.ts'
import type { JobService } from '../jobs/jobService.ts'
import { cleanAcl, parseAcl } from '../storage/acl.ts'
import type { ObjectService } from '../storage/objectService.ts'

/** Most students one workshop takes. */
export const MAX_WORKSHOP_STUDENTS = 200
/** Most open workshops an account may have. */
export const MAX_OPEN_WORKSHOPS = 20
/** Most containers a workshop may grant (read and write each). */
export const MAX_WORKSHOP_CONTAINERS = 20
/** Runs per student in the instructor's view. */
const RUNS_PER_STUDENT = 5

const ID = /^[A-Za-z0-9_-]{12}$/
const LESSON = /^[a-z0-9][a-z0-9-]{0,63}$/
const STUDENT = /^[a-z0-9][a-z0-9_-]{0,31}$/

const iso = (ms: number): string => new Date(ms).toISOString()

function containers(v: unknown, path: string): string[] {
  if (v === undefined) return []
  if (!Array.isArray(v) || v.length > MAX_WORKSHOP_CONTAINERS)
    throw new ZeroLabError(
      'INVALID_REQUEST',
      `${path}: a list of at most ${MAX_WORKSHOP_CONTAINERS} container names`,
      path,
    )
  return [
    ...new Set(
      v.map((c, i) => {
        if (typeof c !== 'string' || c.length < 1 || c.length > 256 || c.includes('/'))
          throw new ZeroLabError(
            'INVALID_REQUEST',
            `${path}[${i}]: a container name`,
            `${path}[${i}]`,
          )
        return c
      }),
    ),
  ]
}

/** Adds `group` to an ACL value unless it is there. */
function withGroup(acl: string, group: string, header: string, write: boolean): string | null {
  if (parseAcl(acl).groups.includes(group)) return null
  return cleanAcl([acl, group].filter(Boolean).join(','), header, write)
}

/**
 * Workshops: an account admin (the instructor) makes a link for a lesson; whoever opens it
 * and gives a name becomes a plain user of the instructor's account in the workshop's group,
 * with read access to the lesson's data, write access to its output containers and a private
 * home container. Their server runs are jobs of the account, so the instructor sees them.
 */
export class WorkshopService {
  private readonly repo: WorkshopsRepo

  constructor(
    private readonly db: Db,
    private readonly deps: {
      auth: AuthService
      accounts: AccountService
      store: ObjectService
      jobs: Pick<JobService<unknown>, 'list'>
      now?: () => number
    },
  ) {
    this.repo = new WorkshopsRepo(db)
  }

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  private requireAdmin(who: Principal): void {
    if (!who.admin)
      throw new ZeroLabError('FORBIDDEN', `only an admin of ${who.account} runs workshops`)
  }

  private row(id: string): WorkshopRow {
    const r = ID.test(id) ? this.repo.get(id) : undefined
    if (!r) throw new ZeroLabError('NOT_FOUND', `no workshop ${id}`, id)
    return r
  }

  /** The instructor's row, refusing callers of another account or members. */
  private owned(who: Principal, id: string): WorkshopRow {
    this.requireAdmin(who)
    const r = this.row(id)
    if (`AUTH_${r.account}` !== who.account)
      throw new ZeroLabError('NOT_FOUND', `no workshop ${id}`, id)
    return r
  }

  private view(r: WorkshopRow, origin: string): WorkshopView {
    const v: WorkshopView = {
      id: r.id,
      title: r.title,
      lesson: r.lesson,
      account: `AUTH_${r.account}`,
      owner: r.owner,
      group: `ws-${r.id}`,
      read: JSON.parse(r.read_c) as string[],
      write: JSON.parse(r.write_c) as string[],
      url: `${origin.replace(/\/+$/, '')}/?workshop=${r.id}`,
      students: this.repo.countStudents(r.id),
      createdAt: iso(r.created_ms),
    }
    if (r.closed_ms !== null) v.closedAt = iso(r.closed_ms)
    return v
  }

  /** Creates a workshop; every named container must exist (404 naming it). */
  create(who: Principal, body: Record<string, unknown>, origin: string): WorkshopView {
    this.requireAdmin(who)
    const lesson = body.lesson
    if (typeof lesson !== 'string' || !LESSON.test(lesson))
      throw new ZeroLabError('INVALID_REQUEST', 'lesson: a lesson id (a-z, 0-9, -)', 'lesson')
    const title = body.title === undefined ? `Workshop: ${lesson}` : body.title
    if (typeof title !== 'string' || title.trim().length < 1 || title.length > 120)
      throw new ZeroLabError('INVALID_REQUEST', 'title: 1-120 characters', 'title')
    const read = containers(body.read, 'read')
    const write = containers(body.write, 'write')
    return this.db.transaction(() => {
      if (this.repo.countOpen(who.accountName) >= MAX_OPEN_WORKSHOPS)
        throw new ZeroLabError(
          'QUOTA_EXCEEDED',
          `${who.account} has ${MAX_OPEN_WORKSHOPS} open workshops; close one first`,
          who.account,
          { cap: MAX_OPEN_WORKSHOPS, asked: MAX_OPEN_WORKSHOPS + 1 },
        )
      const id = randomBytes(9).toString('base64url')
      const group = `ws-${id}`
      // The group gets its rights now, so students joining later need no admin call.
      for (const name of new Set([...read, ...write])) {
        const c = this.deps.store.headContainer(who, who.account, name)
        const readAcl = withGroup(c.readAcl, group, 'X-Container-Read', false)
        const writeAcl = write.includes(name)
          ? withGroup(c.writeAcl, group, 'X-Container-Write', true)
          : null
        if (readAcl !== null || writeAcl !== null)
          this.deps.store.postContainer(who, who.account, name, {
            ...(readAcl !== null ? { readAcl } : {}),
            ...(writeAcl !== null ? { writeAcl } : {}),
          })
      }
      const row: WorkshopRow = {
        id,
        account: who.accountName,
        owner: who.user,
        title: title.trim(),
        lesson,
        read_c: JSON.stringify(read),
        write_c: JSON.stringify(write),
        created_ms: this.now(),
        closed_ms: null,
      }
      this.repo.insert(row)
      return this.view(row, origin)
    })()
  }

  list(who: Principal, origin: string): WorkshopView[] {
    this.requireAdmin(who)
    return this.repo.list(who.accountName, 100).map((r) => this.view(r, origin))
  }

  /** What anyone holding the link sees before joining. */
  invite(id: string): WorkshopInvite {
    const r = this.row(id)
    return {
      id: r.id,
      title: r.title,
      lesson: r.lesson,
      account: `AUTH_${r.account}`,
      open: r.closed_ms === null,
    }
  }

  /**
   * Joins as `name`: a new plain user of the workshop's account (random key, returned once),
   * in the workshop's group, with a home container. A taken name is refused (409), so a
   * student never gets someone else's user.
   */
  join(id: string, body: Record<string, unknown>): WorkshopJoined {
    const name = typeof body.name === 'string' ? body.name.trim().toLowerCase() : body.name
    if (typeof name !== 'string' || !STUDENT.test(name))
      throw new ZeroLabError(
        'INVALID_REQUEST',
        'name: 1-32 letters, digits, _ or - (starting with a letter or digit)',
        'name',
      )
    return this.db.transaction(() => {
      const r = this.row(id)
      if (r.closed_ms !== null) throw new ZeroLabError('CONFLICT', `workshop ${id} is closed`, id)
      if (this.repo.countStudents(id) >= MAX_WORKSHOP_STUDENTS)
        throw new ZeroLabError(
          'QUOTA_EXCEEDED',
          `workshop ${id} is full (${MAX_WORKSHOP_STUDENTS} students)`,
          id,
          { cap: MAX_WORKSHOP_STUDENTS, asked: MAX_WORKSHOP_STUDENTS + 1 },
        )
      // The instructor's rights are checked again now: a demoted owner's link stops working.
      const owner = this.deps.auth.getUser(r.account, r.owner)
      if (!owner?.groups.includes(ADMIN))
        throw new ZeroLabError(
          'FORBIDDEN',
          `the instructor of workshop ${id} is no longer an admin`,
        )
      if (this.deps.auth.getUser(r.account, name))
        throw new ZeroLabError('CONFLICT', `the name ${name} is taken; choose another`, 'name')
      const instructor = makePrincipal(r.account, r.owner, owner.groups)
      // The home container is named after the student: never hand out an existing container.
      if (this.containerExists(instructor, name))
        throw new ZeroLabError('CONFLICT', `the name ${name} is taken; choose another`, 'name')
      const [s] = this.deps.accounts.students(instructor, {
        names: [name],
        group: `ws-${id}`,
        home: true,
      })
      this.repo.addStudent({ workshop: id, user: name, joined_ms: this.now() })
      return {
        workshop: id,
        lesson: r.lesson,
        authUser: s!.authUser,
        key: s!.key!,
        user: name,
        home: s!.home!,
      }
    })()
  }

  private containerExists(who: Principal, name: string): boolean {
    try {
      this.deps.store.headContainer(who, who.account, name)
      return true
    } catch (e) {
      if (e instanceof ZeroLabError && e.code === 'NOT_FOUND') return false
      throw e
    }
  }

  /** Who joined and each one's latest runs (jobs of the account they submitted). */
  students(who: Principal, id: string, origin: string): WorkshopStudentsView {
    const r = this.owned(who, id)
    return {
      workshop: this.view(r, origin),
      students: this.repo.students(id).map((s) => ({
        user: s.user,
        joinedAt: iso(s.joined_ms),
        runs: this.runsOf(who, s.user),
      })),
    }
  }

  private runsOf(who: Principal, user: string): JobView[] {
    return this.deps.jobs.list(who, { limit: RUNS_PER_STUDENT, user }).jobs
  }

  /** No more joins; students keep their users and data. */
  close(who: Principal, id: string, origin: string): WorkshopView {
    const r = this.owned(who, id)
    this.repo.close(id, this.now())
    return this.view(this.repo.get(r.id)!, origin)
  }
}

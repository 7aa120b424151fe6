/**
 * Reasons the page must not be left without asking (work that would be lost): a local run in
 * progress, a draft the browser could not store. The shell asks on `beforeunload` while any
 * reason is set; nothing else ever prompts.
 */
import { createStore, useStore } from './createStore.ts'

export const leaveGuard = createStore<Record<string, string>>({})

export function setLeaveReason(key: string, reason: string | null): void {
  leaveGuard.set((s) => {
    if ((s[key] ?? null) === reason) return s
    const next = { ...s }
    if (reason === null) delete next[key]
    else next[key] = reason
    return next
  })
}

export const leaveReasons = (): string[] => Object.values(leaveGuard.get())
export const useLeaveReasons = (): Record<string, string> => useStore(leaveGuard, (s) => s)

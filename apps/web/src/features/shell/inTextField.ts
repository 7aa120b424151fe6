/** Whether a key or clipboard event belongs to a text field or code editor. */
export const inTextField = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement &&
  (t.isContentEditable ||
    /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) ||
    !!t.closest('.monaco-editor'))

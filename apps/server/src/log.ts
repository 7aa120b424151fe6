export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void
  warn(msg: string, extra?: Record<string, unknown>): void
  error(msg: string, extra?: Record<string, unknown>): void
}

const fmt = (msg: string, extra?: Record<string, unknown>): string =>
  extra && Object.keys(extra).length ? `${msg} ${JSON.stringify(extra)}` : msg

export const consoleLogger: Logger = {
  info: (m, e) => console.log(fmt(m, e)),
  warn: (m, e) => console.warn(fmt(m, e)),
  error: (m, e) => console.error(fmt(m, e)),
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }

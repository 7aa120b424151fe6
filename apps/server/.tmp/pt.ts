import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { passThrough } from '/work/wt/cluster/apps/server/src/swiftBackend/passThrough.ts'
const proxyUrl = process.argv[2]!
const app = new Hono()
app.all('*', (c) =>
  passThrough(c.req.raw, { proxyUrl, onToken: (t) => console.log('token', t.account, t.user) }),
)
serve({ fetch: app.fetch, port: 18099, hostname: '127.0.0.1' }, () => console.log('up'))

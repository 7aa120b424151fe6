import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exampleObjects } from '@zerolab/examples/seed'
import { clusterDown, swiftUp, type ClusterInfo } from '../../scripts/cluster/loopback.ts'
import { zerolabUp } from '../../scripts/cluster/zerolab.ts'
import { expect, test } from '../fixtures.ts'
import { expectRunPhase, independentTotal, instanceStdout, signIn } from './runHelpers.ts'

/**
 * The playground served by a cluster gateway (three-host loopback Swift, a ZeroLab node beside
 * each storage host): a run on the cluster shows where each instance ran.
 */
test.describe('the playground on a Swift cluster', () => {
  let dir: string
  let cluster: ClusterInfo
  let gateway: string

  test.beforeAll(async () => {
    test.setTimeout(300_000)
    dir = mkdtempSync(join(tmpdir(), 'zerolab-e2e-cluster-'))
    cluster = await swiftUp({ stateDir: dir })
    gateway = (await zerolabUp({ swift: cluster, stateDir: dir, workers: 1 })).gatewayUrl
    // The example data, put into Swift through the gateway as the admin user.
    const auth = await fetch(`${gateway}/auth/v1.0`, {
      headers: { 'X-Auth-User': 'admin:admin', 'X-Auth-Key': 'admin' },
    })
    const token = auth.headers.get('x-auth-token')!
    const storage = auth.headers.get('x-storage-url')!
    const objects = exampleObjects()
    for (const c of new Set(objects.map((o) => o.container)))
      await fetch(`${storage}/${c}`, { method: 'PUT', headers: { 'X-Auth-Token': token } })
    for (const o of objects) {
      const r = await fetch(`${storage}/${o.container}/${o.name}`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': token, 'Content-Type': o.contentType },
        body: o.data as Uint8Array<ArrayBuffer>,
      })
      expect(r.status).toBe(201)
    }
  })
  test.afterAll(async () => {
    if (dir) {
      await clusterDown(dir)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('word count runs beside the data, and the results say on which node', async ({
    app,
    page,
  }) => {
    await app.goto(`${gateway}/`)
    await signIn(page)
    await app.openExample('wordcount')
    await page.getByTestId('run-cluster').click()
    await expectRunPhase(page, 'ok', 120_000)
    expect(await instanceStdout(page, 'reduce')).toMatch(
      new RegExp(`\\b${independentTotal()} total`),
    )
    await page.getByTestId('results-tab-instances').click()
    await expect(page.getByTestId('instance-node-map-1')).toContainText(/node[123] local/)
    await expect(page.getByTestId('instance-node-reduce')).toContainText(/node[123]/)
    await expect(page.getByTestId('cluster-summary')).toContainText(/inputs local/)
    await page.getByTestId('results-tab-timeline').click()
    await expect(page.getByTestId('timeline-node-map-1')).toHaveText(/node[123]/)
    await app.screenshot('results-swift-cluster')
  })
})

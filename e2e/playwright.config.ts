import { defineConfig } from '@playwright/test'
import { CHROMIUM, CHROMIUM_ARGS } from './server.ts'

export default defineConfig({
  testDir: './tests',
  globalSetup: './globalSetup.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    viewport: { width: 1366, height: 768 },
    trace: 'on-first-retry',
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
})

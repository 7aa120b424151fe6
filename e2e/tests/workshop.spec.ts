import { expect, test } from '../fixtures.ts'
import { PlaygroundPage } from '../pages/PlaygroundPage.ts'
import { expectRunPhase, independentTotal, instanceStdout, signIn } from './runHelpers.ts'

/**
 * A workshop as people run one: the instructor (admin of the seeded account) makes a link for
 * the map-reduce lesson; a student opens it in their own browser, joins under a name, is
 * signed in with the lesson open, runs the word count on the cluster over the instructor's
 * data; the instructor sees the student and opens the student's run.
 */
test('an instructor shares a lesson link, a student joins and runs, the instructor sees it', async ({
  app,
  page,
  browser,
}) => {
  test.setTimeout(240_000)
  // Instructor.
  await app.goto()
  await signIn(page)
  await page.getByTestId('open-workshops').click()
  const dialog = page.getByTestId('workshops-dialog')
  await dialog.getByTestId('workshop-lesson').selectOption('map-reduce')
  await dialog.getByTestId('workshop-title').pressSequentially('Map-reduce at ten')
  // The lesson's input data is offered for reading by default.
  await expect(dialog.getByTestId('workshop-read-wordcount-data')).toBeChecked()
  await dialog.getByTestId('workshop-create-submit').click()
  const item = dialog.locator('.workshop.fresh')
  await expect(item.getByTestId('workshop-item-title')).toHaveText('Map-reduce at ten')
  const link = await item.getByTestId('workshop-url').inputValue()
  expect(link).toMatch(/\/\?workshop=[\w-]+$/)
  await item.getByTestId('workshop-copy').click()
  await expect(item.getByTestId('workshop-copy')).toHaveText('Copied')
  await item.getByTestId('workshop-students').click()
  await expect(item).toContainText('Nobody has joined yet')

  // Student, in a browser of their own.
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } })
  try {
    const student = await ctx.newPage()
    await student.goto(link)
    const join = student.getByTestId('workshop-join')
    await expect(join.getByTestId('workshop-invite')).toContainText('Map-reduce at ten')
    await expect(join.getByTestId('workshop-invite')).toContainText('4. Map-reduce on the cluster')
    // A name already in the account is refused, with the reason.
    await join.getByTestId('workshop-name').pressSequentially('admin')
    await join.getByTestId('workshop-join-submit').click()
    await expect(join.getByTestId('workshop-join-error')).toContainText('taken')
    await join.getByTestId('workshop-name').press('ControlOrMeta+A')
    await join.getByTestId('workshop-name').pressSequentially('ana')
    await join.getByTestId('workshop-join-submit').click()
    await expect(join.getByTestId('workshop-key')).toHaveText(/\S{8,}/)
    await expect(student.getByTestId('cluster-signin')).toContainText('admin:ana@')
    await join.getByTestId('workshop-start').click()
    await expect(join).toBeHidden()
    // The address bar no longer holds the link: a reload does not ask to join again.
    expect(new URL(student.url()).search).toBe('')
    await expect(student.getByTestId('lesson-step')).toContainText('4. Map-reduce on the cluster')
    await expect(student.getByTestId('node-map')).toBeVisible()

    // The lesson's map-reduce, on the cluster, over the instructor's data.
    await student.getByTestId('run-cluster').click()
    await expectRunPhase(student, 'ok', 120_000)
    expect(await instanceStdout(student, 'reduce')).toMatch(
      new RegExp(`\\b${independentTotal()} total`),
    )
    // Their own home container is there.
    await student.getByTestId('data-tab-cluster').click()
    await expect(
      student.getByTestId('cluster-container-select').locator('option', { hasText: 'ana' }),
    ).toHaveCount(1)
  } finally {
    await ctx.close()
  }

  // Instructor: the student and their run.
  await item.getByTestId('workshop-students').click()
  const row = item.getByTestId('student-ana')
  await expect(row).toBeVisible()
  await expect(item).toContainText('· 1 student')
  const run = row.locator('[data-testid^="student-run-"]').first()
  await expect(run).toHaveText('ok')
  await new PlaygroundPage(page).screenshot('workshop-instructor')
  const jobId = (await run.getAttribute('data-testid'))!.replace('student-run-', '')
  await run.click()
  await expect(dialog).toBeHidden()
  expect(await instanceStdout(page, 'reduce')).toMatch(new RegExp(`\\b${independentTotal()} total`))
  // And in the instructor's cluster history: the student's run is a job of the account.
  await page.getByTestId('results-tab-history').click()
  await expect(page.getByTestId(`history-${jobId}`)).toContainText('ok')
})

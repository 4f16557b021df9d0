import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type User from '#identity/models/user'
import { sweepRemovedVideoFiles } from '#courses/jobs/video_jobs'
import { jobs } from '#shared/jobs/jobs'
import { readyVideo, testVideo } from '#database/factories/lesson_video_factory'
import { DEFAULT_PASSWORD } from '#database/factories/user_factory'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'
import { leftAt, videoCourse } from '#tests/courses/video_helpers'
import { axeViolations } from '#tests/helpers/axe'

/** The users (their courses and lessons go with them) and then their videos' files. */
async function removeAll(...users: User[]) {
  for (const user of users) await user.delete()
  await sweepRemovedVideoFiles()
}

const zh = (file: string, path: string) => uiText('zh-CN', file, path)
/** The lesson's <video> in the page (functions run there name nothing of this file). */
const Q = 'video.video-player'

/**
 * The learner's player in Chromium (Debian's build plays H.264, so the test
 * video is the MP4 the app serves): it resumes where the learner left off,
 * plays, seeks with range requests, and reports what was watched.
 */
test.group('Video lessons in the browser', (group) => {
  group.each.setup(() => limiter.clear())

  test('the video resumes, plays, seeks with range requests and reports the position', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const { masterUser, course, lesson, learner } = await videoCourse()
    await readyVideo(lesson, await testVideo({ seconds: 12 }))
    cleanup(() => removeAll(learner, masterUser))
    const enrollment = await leftAt(lesson, 4)

    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 360, height: 740 },
    })
    try {
      const page = await context.newPage()
      const ranges: { range: string; status: number }[] = []
      page.on('response', async (response) => {
        const range = await response.request().headerValue('range')
        if (range && response.url().includes(`/lessons/${lesson.id}/video`)) {
          ranges.push({ range, status: response.status() })
        }
      })
      await page.goto(`${baseUrl}/login`)
      await page.getByLabel(zh('auth', 'email'), { exact: true }).fill(learner.email)
      await page.getByLabel(zh('auth', 'password'), { exact: true }).fill(DEFAULT_PASSWORD)
      await page.getByRole('button', { name: zh('auth', 'login') }).click()
      await page.waitForURL('**/dashboard')

      await page.goto(`${baseUrl}/courses/${course.id}/lessons/${lesson.id}`)
      // resumed where the learner left off
      await page.waitForFunction((q) => {
        const video = (globalThis as any).document.querySelector(q)
        return video.readyState >= 1 && video.currentTime >= 3.9
      }, Q)
      await page.screenshot({ path: screenshotPath('video-lesson-360') })
      assert.deepEqual(await axeViolations(page), [])

      // it plays (muted: headless Chromium allows that without a gesture)
      await page.evaluate((q) => {
        const video = (globalThis as any).document.querySelector(q)
        video.muted = true
        return video.play()
      }, Q)
      await page.waitForFunction(
        (q) => (globalThis as any).document.querySelector(q).currentTime > 5,
        Q
      )

      // seeking asks the server for the bytes from there
      const before = ranges.length
      await page.evaluate(
        (q) => ((globalThis as any).document.querySelector(q).currentTime = 10),
        Q
      )
      await page.waitForFunction((q) => {
        const video = (globalThis as any).document.querySelector(q)
        return !video.seeking && video.currentTime >= 10
      }, Q)
      assert.isAbove(ranges.length, 0)
      assert.isTrue(
        ranges.every(({ status }) => status === 206),
        JSON.stringify(ranges)
      )
      assert.isAtLeast(ranges.length, before)

      // pausing reports the position (a beacon with the CSRF token in its body)
      const reported = page.waitForRequest((request) =>
        request.url().endsWith(`/lessons/${lesson.id}/progress`)
      )
      await page.evaluate((q) => (globalThis as any).document.querySelector(q).pause(), Q)
      const beacon = await reported
      const report = new URLSearchParams(beacon.postData() ?? '')
      assert.isNotEmpty(report.get('_csrf'))
      assert.isAtLeast(Number(report.get('positionSeconds')), 10)
      const deadline = Date.now() + 5000
      let progress: any
      do {
        progress = await db
          .from('lesson_progress')
          .where({ enrollment_id: enrollment.id, lesson_id: lesson.id })
          .first()
        if (progress.position_seconds >= 10) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      } while (Date.now() < deadline)
      assert.isAtLeast(progress.position_seconds, 10)
      assert.isAbove(progress.watched_permille, 0)
    } finally {
      await context.close()
    }
  }).timeout(60_000)

  test('the master uploads a video with a progress bar; the card turns ready without a reload', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const { masterUser, lesson, learner } = await videoCourse()
    cleanup(() => removeAll(learner, masterUser))
    const context = await browser.newContext({
      locale: 'en',
      viewport: { width: 360, height: 740 },
    })
    try {
      const page = await context.newPage()
      const en = (file: string, path: string) => uiText('en', file, path)
      await page.goto(`${baseUrl}/login`)
      await page.getByLabel(en('auth', 'email'), { exact: true }).fill(masterUser.email)
      await page.getByLabel(en('auth', 'password'), { exact: true }).fill(DEFAULT_PASSWORD)
      await page.getByRole('button', { name: en('auth', 'login') }).click()
      await page.waitForURL('**/dashboard')

      // whether the upload's progress bar ever showed (the page it leads to replaces it at once)
      await page.addInitScript(() => {
        const global = globalThis as any
        new global.MutationObserver((changes: any[]) => {
          for (const change of changes) {
            if (change.target.matches?.('progress.upload-progress:not([hidden])'))
              global.progressShown = true
          }
        }).observe(global.document, {
          attributes: true,
          attributeFilter: ['hidden'],
          subtree: true,
        })
      })
      await page.goto(`${baseUrl}/teach/lessons/${lesson.id}/video`)
      await page.getByLabel(en('courses_video', 'upload.label')).setInputFiles(await testVideo())
      // the upload goes by XHR: the progress bar shows, then the page it led to replaces this one
      const uploaded = page.waitForResponse(
        (response) =>
          response.url().endsWith(`/teach/lessons/${lesson.id}/video`) &&
          response.request().method() === 'POST'
      )
      await page.getByRole('button', { name: en('courses_video', 'upload.submit') }).click()
      await uploaded
      assert.isTrue(await page.evaluate(() => (globalThis as any).progressShown === true))
      await page
        .locator('.video-card .badge', { hasText: en('courses_video', 'state.uploaded') })
        .waitFor()
      await page.screenshot({ path: screenshotPath('video-editor-processing-360') })

      // the job runs; the card polls itself and shows the video ready, with its poster
      const { failed } = await jobs.workQueued()
      assert.deepEqual(failed, [])
      await page
        .locator('.video-card .badge', { hasText: en('courses_video', 'state.ready') })
        .waitFor({ timeout: 10_000 })
      await page.locator('img.video-poster').waitFor()
      assert.equal(page.url(), `${baseUrl}/teach/lessons/${lesson.id}/video`)
      await page.screenshot({ path: screenshotPath('video-editor-ready-360') })
      // the live toast of the "ready" notification is the bell's (realtime), not this page's
      await page.evaluate(() => (globalThis as any).document.querySelector('.toast-live')?.remove())
      assert.deepEqual(await axeViolations(page), [])
    } finally {
      await context.close()
    }
  }).timeout(60_000)
})

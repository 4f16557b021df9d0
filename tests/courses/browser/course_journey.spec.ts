import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import sharp from 'sharp'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { Browser, Page } from 'playwright-core'
import { jobs } from '#shared/jobs/jobs'
import { sweepRemovedVideoFiles } from '#courses/jobs/video_jobs'
import { certifiedMaster } from '#database/factories/course_factory'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { fileWith, removeUploads } from '#tests/helpers'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'

type Locale = 'zh-CN' | 'en'

/** The course as its master writes it: Chinese in both runs' titles, so a Chinese search finds it. */
const content = {
  'zh-CN': {
    title: '陶艺零基础入门：从揉泥到上釉',
    subtitle: '十节课，做出第一只能用的碗',
    video: '揉泥与定中心',
    text: '认识泥料',
    quiz: '小测验：泥与釉',
    review: '讲得很清楚，视频和测验都很有用。',
    reply: '谢谢！下一门课讲拉坯。',
  },
  'en': {
    title: 'Pottery from zero (陶艺零基础入门)',
    subtitle: 'Ten lessons to your first usable bowl',
    video: 'Wedging and centring',
    text: 'Knowing your clay',
    quiz: 'Quiz: clay and glaze',
    review: 'Clear teaching; the video and the quiz helped a lot.',
    reply: 'Thank you! The next course is about throwing.',
  },
}

/** The two quiz questions (their answers in the course's words, the same in both runs). */
const QUESTIONS = {
  single: {
    prompt: '哪种泥最适合初学者? Which clay suits a beginner?',
    right: '炻器泥 Stoneware',
    wrong: '瓷泥 Porcelain',
  },
  trueFalse: { prompt: '釉烧前要先素烧。 Bisque firing comes before the glaze firing.' },
}

const FFMPEG: string = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg').path

/**
 * An 8-second MP4 of noise (5 MB, moov first): too big for Chromium to read
 * at once, so a seek ahead needs a range request of its own, as a real
 * lesson's video would.
 */
async function noisyVideo() {
  const path = app.tmpPath('test-videos/journey-noise-8s.mp4')
  await promisify(execFile)(FFMPEG, [
    ...['-v', 'error', '-y', '-f', 'lavfi'],
    ...['-i', 'testsrc=duration=8:size=640x360:rate=10,noise=alls=60:allf=t'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=8'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
    ...['-movflags', '+faststart', '-shortest', path],
  ])
  return path
}

async function logIn(page: Page, locale: Locale, email: string) {
  const auth = (path: string) => uiText(locale, 'auth', path)
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel(auth('email'), { exact: true }).fill(email)
  await page.getByLabel(auth('password'), { exact: true }).fill(DEFAULT_PASSWORD)
  await page.getByRole('button', { name: auth('login') }).click()
  await page.waitForURL('**/dashboard')
}

/** How far the page is wider than its window (0 when nothing sticks out). */
function overflow(page: Page) {
  return page.evaluate(() => {
    const root = (globalThis as any).document.documentElement
    return root.scrollWidth - root.clientWidth
  })
}

async function newPage(browser: Browser, locale: Locale, problems: string[]) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => {
    // the Vite dev client's HMR socket (tests run on the dev server): when another test run
    // on the machine holds port 24678 it cannot connect, which is no fault of the page
    if (error.message === 'WebSocket closed without opened.') return
    problems.push(`${page.url()}: ${error.message}`)
  })
  return { context, page }
}

/**
 * Issue 11's browser journey, through the pages only: a certified master
 * creates a course (details, cover), adds a video lesson (uploaded, then
 * processed by its job), a text lesson and a two-question quiz, and
 * publishes it; a new apprentice finds it by a Chinese search, enrolls,
 * watches and seeks (206 range answers, a progress beacon), marks the text
 * read, loses the connection mid-quiz without losing an answer, passes,
 * which completes the course, opens the certificate and its public
 * verification, and reviews; the master replies and opens the analytics.
 * Screenshots: tests/screenshots/journey-<locale>-*.png.
 */
test.group('Courses: the whole journey in the browser', (group) => {
  group.each.setup(() => limiter.clear())

  test('a master publishes a course and an apprentice completes it ({locale})')
    .with<{ locale: Locale }[]>([{ locale: 'zh-CN' }, { locale: 'en' }])
    .run(async ({ browser, assert, cleanup }, { locale }) => {
      const words = content[locale]
      const t = (file: string, path: string, data: Record<string, unknown> = {}) =>
        Object.entries(data).reduce(
          (text, [key, value]) => text.replace(`{${key}}`, String(value)),
          uiText(locale, file, path)
        )
      const shot = (name: string) => screenshotPath(`journey-${locale}-${name}`)
      const problems: string[] = []

      // committed rows: the test server answers the browser on its own connections
      const master = await certifiedMaster()
      const learner = await UserFactory.merge({ locale }).create()
      await db.from('users').where('id', master.user.id).update({ locale })
      cleanup(async () => {
        await db.from('users').whereIn('id', [master.user.id, learner.id]).delete()
        await db.from('fields').where('id', master.identity.fieldId).delete()
        await sweepRemovedVideoFiles()
        await removeUploads()
      })

      /* ---------------- the master writes and publishes the course ---------------- */
      const { context: masterContext, page: teach } = await newPage(browser, locale, problems)
      cleanup(() => masterContext.close())
      await logIn(teach, locale, master.user.email)
      await teach.goto(`${baseUrl}/teach/courses`)
      await teach.getByRole('link', { name: t('courses_teach', 'new_course') }).click()
      await teach.getByLabel(t('courses_teach', 'title'), { exact: true }).fill(words.title)
      await teach.getByLabel(t('courses_teach', 'subtitle'), { exact: true }).fill(words.subtitle)
      await teach.getByLabel(t('courses_teach', 'language')).selectOption(locale)
      await teach
        .getByLabel(t('courses_teach', 'description'))
        .fill('## 这门课\n\n从**揉泥**开始，到第一次上釉。\n\nFrom *wedging* to the first glaze.')
      await teach.getByLabel(t('courses_teach', 'outcomes')).fill('揉泥与定中心\n认识泥料和釉')
      await teach.getByLabel(t('courses_teach', 'requirements')).fill('一块泥 / a lump of clay')
      await teach.getByRole('button', { name: t('courses_teach', 'create') }).click()
      await teach.waitForURL('**/teach/courses/*/syllabus')
      const courseId = Number(teach.url().match(/courses\/(\d+)\/syllabus/)![1])
      const syllabusUrl = teach.url()

      /** Adds a lesson of a kind on the syllabus page; the lesson's editor opens. */
      const addLesson = async (kind: string, title: string) => {
        await teach.goto(syllabusUrl)
        await teach.getByLabel(t('courses_teach', 'lesson_kind')).selectOption(kind)
        await teach.getByLabel(t('courses_teach', 'lesson_title'), { exact: true }).fill(title)
        await teach.getByRole('button', { name: t('courses_teach', 'add_lesson') }).click()
        await teach.waitForURL('**/teach/lessons/*/edit')
        return Number(teach.url().match(/lessons\/(\d+)\/edit/)![1])
      }

      // a video lesson: uploaded on its video page, then the processing job makes it ready
      const videoLessonId = await addLesson('video', words.video)
      await teach.getByRole('link', { name: t('courses_video', 'card.upload') }).click()
      await teach.waitForURL(`**/teach/lessons/${videoLessonId}/video`)
      await teach.getByLabel(t('courses_video', 'upload.label')).setInputFiles(await noisyVideo())
      await teach.getByRole('button', { name: t('courses_video', 'upload.submit') }).click()
      await teach
        .locator('.video-card .badge', { hasText: t('courses_video', 'state.uploaded') })
        .waitFor()
      const { failed } = await jobs.workQueued()
      assert.deepEqual(failed, [])
      await teach
        .locator('.video-card .badge', { hasText: t('courses_video', 'state.ready') })
        .waitFor({ timeout: 15_000 })
      await teach.screenshot({ path: shot('master-video'), fullPage: true })

      // a text lesson in Markdown
      await addLesson('text', words.text)
      await teach
        .getByLabel(t('courses_teach', 'text_label'))
        .fill(
          '## 泥料\n\n- **炻器泥**：可塑性好\n- 瓷泥：细腻但难拉\n\nStoneware forgives; porcelain does not.'
        )
      const textSaved = teach.waitForResponse(
        (response) => response.url().endsWith('/text') && response.request().method() === 'POST'
      )
      await teach.getByRole('button', { name: t('courses_teach', 'save_text') }).click()
      const textResponse = await textSaved
      assert.equal(textResponse.status(), 302)
      await teach.waitForLoadState()

      // a quiz lesson with two questions
      const quizLessonId = await addLesson('quiz', words.quiz)
      await teach.getByRole('link', { name: t('courses_quiz', 'open_editor') }).click()
      await teach.waitForURL(`**/teach/lessons/${quizLessonId}/quiz`)
      await teach.locator('#new-question-kind').selectOption('single')
      await teach.locator('#new-question-prompt').fill(QUESTIONS.single.prompt)
      await teach.locator('#new-question-o0-text').fill(QUESTIONS.single.right)
      await teach.locator('#new-question-o0-correct').check()
      await teach.locator('#new-question-o1-text').fill(QUESTIONS.single.wrong)
      await teach.getByRole('button', { name: t('courses_quiz', 'editor.add_question') }).click()
      await teach.getByText(t('courses_quiz', 'editor.question_added')).waitFor()
      await teach.locator('#new-question-kind').selectOption('true_false')
      await teach.locator('#new-question-prompt').fill(QUESTIONS.trueFalse.prompt)
      await teach.locator('#new-question-answer-true').check()
      await teach.getByRole('button', { name: t('courses_quiz', 'editor.add_question') }).click()
      await teach.getByText(t('courses_quiz', 'editor.question_added')).waitFor()
      assert.equal(await teach.locator('.quiz-edit-question').count(), 2)
      assert.equal(await teach.locator('.quiz-edit-question .error').count(), 0)
      await teach.screenshot({ path: shot('master-quiz-editor'), fullPage: true })

      // the cover, then publishing, on the course's details page
      await teach.goto(syllabusUrl)
      await teach.screenshot({ path: shot('master-syllabus'), fullPage: true })
      await teach
        .getByRole('navigation', { name: t('courses_teach', 'editor_nav') })
        .getByRole('link', { name: t('courses_teach', 'details') })
        .click()
      await teach.waitForURL(`**/teach/courses/${courseId}/edit`)
      const cover = await sharp({
        create: { width: 1280, height: 720, channels: 3, background: '#b5651d' },
      })
        .png()
        .toBuffer()
      await teach
        .getByLabel(t('courses_teach', 'choose_cover'))
        .setInputFiles(await fileWith('cover.png', cover))
      await teach.getByRole('button', { name: t('courses_teach', 'upload_cover') }).click()
      await teach.locator('img.teach-cover').waitFor()
      await teach.getByRole('button', { name: t('courses_teach', 'publish') }).click()
      await teach.getByText(t('courses_teach', 'published_hint')).waitFor()
      await teach.screenshot({ path: shot('master-course-editor'), fullPage: true })

      /* ---------------- the apprentice finds, takes and completes it ---------------- */
      const { context: learnerContext, page } = await newPage(browser, locale, problems)
      cleanup(() => learnerContext.close())
      await logIn(page, locale, learner.email)
      await page.locator('.site-header a[href="/courses"]').first().click()
      await page.waitForURL('**/courses')
      await page.getByLabel(t('courses_catalogue', 'search_label')).fill('陶艺入门')
      await page.getByLabel(t('courses_catalogue', 'search_label')).press('Enter')
      await page.waitForURL(/q=/)
      const found = page.locator('#catalogue-results').getByRole('link', { name: words.title })
      await found.waitFor()
      await page.screenshot({ path: shot('catalogue-search'), fullPage: true })
      await found.click()
      await page.waitForURL(`**/courses/${courseId}`)
      await page.screenshot({ path: shot('course-page'), fullPage: true })
      await page.setViewportSize({ width: 360, height: 800 })
      assert.isAtMost(await overflow(page), 0, 'the course page at 360 px')
      await page.screenshot({ path: shot('course-page-360'), fullPage: true })
      await page.setViewportSize({ width: 1280, height: 900 })
      // the video's requests, from the start: each asks for a range of bytes
      const ranges: { range: string; status: number }[] = []
      page.on('response', async (response) => {
        if (!response.url().includes(`/lessons/${videoLessonId}/video?`)) return
        const range = (await response.request().headerValue('range')) ?? 'none'
        ranges.push({ range, status: response.status() })
      })
      await page.getByRole('button', { name: t('courses_catalogue', 'enroll') }).click()
      await page.waitForURL(`**/courses/${courseId}/lessons/${videoLessonId}`)

      // the video: plays through (muted, so headless Chromium allows it), then seeks back
      const Q = 'video.video-player'
      await page.waitForFunction(
        (q) => (globalThis as any).document.querySelector(q)?.readyState >= 1,
        Q
      )
      await page.screenshot({ path: shot('lesson-video') })
      // a seek past what was read asks for the bytes from there
      const rangesBeforeSeek = ranges.length
      await page.evaluate((q) => ((globalThis as any).document.querySelector(q).currentTime = 7), Q)
      await page.waitForFunction((q) => {
        const video = (globalThis as any).document.querySelector(q)
        return !video.seeking && video.readyState >= 2 && video.currentTime >= 7
      }, Q)
      assert.isAbove(ranges.length, rangesBeforeSeek, JSON.stringify(ranges))
      assert.notEqual(ranges.at(-1)!.range, 'bytes=0-', JSON.stringify(ranges))
      assert.isTrue(
        ranges.every(({ status }) => status === 206),
        JSON.stringify(ranges)
      )
      // back to the start, watched through (muted: headless Chromium allows that without a gesture)
      await page.evaluate((q) => ((globalThis as any).document.querySelector(q).currentTime = 0), Q)
      const endReport = page.waitForResponse(
        (response) =>
          response.url().endsWith(`/lessons/${videoLessonId}/progress`) &&
          Number(new URLSearchParams(response.request().postData() ?? '').get('watchedPermille')) >=
            900
      )
      await page.evaluate((q) => {
        const video = (globalThis as any).document.querySelector(q)
        video.muted = true
        video.playbackRate = 4
        return video.play()
      }, Q)
      await page.waitForFunction((q) => (globalThis as any).document.querySelector(q).ended, Q)
      // the beacon carries the CSRF token in its body (a beacon sets no header)
      const reported = await endReport
      assert.isTrue(reported.ok())
      const report = new URLSearchParams(reported.request().postData() ?? '')
      assert.isNotEmpty(report.get('_csrf'))
      assert.isAtLeast(Number(report.get('positionSeconds')), 7)
      // the lesson is done once the server has the report
      await page.reload()
      await page
        .locator('.lesson-progress .badge', { hasText: t('courses', 'lesson_is_done') })
        .waitFor()

      // the text lesson: read, marked, and on to the quiz
      await page.getByRole('link', { name: t('courses', 'next_lesson') }).click()
      await page.locator('.lesson-text strong', { hasText: '炻器泥' }).waitFor()
      await page.screenshot({ path: shot('lesson-text'), fullPage: true })
      await page.setViewportSize({ width: 360, height: 800 })
      assert.isAtMost(await overflow(page), 0, 'the text lesson at 360 px')
      await page.screenshot({ path: shot('lesson-text-360'), fullPage: true })
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.getByRole('button', { name: t('courses', 'mark_read') }).click()
      await page.waitForURL(`**/courses/${courseId}/lessons/${quizLessonId}`)

      // the quiz: one answer saved, the connection lost, the other kept, back online, passed
      await page.screenshot({ path: shot('lesson-quiz'), fullPage: true })
      await page.getByRole('button', { name: t('courses_quiz', 'start') }).click()
      const single = page.locator('fieldset.quiz-question', { hasText: QUESTIONS.single.prompt })
      const trueFalse = page.locator('fieldset.quiz-question', {
        hasText: QUESTIONS.trueFalse.prompt,
      })
      await single.getByLabel(QUESTIONS.single.right).check()
      await single.locator('.quiz-saved').getByText(t('courses_quiz', 'saved')).waitFor()
      await learnerContext.setOffline(true)
      await trueFalse.getByLabel(t('courses_quiz', 'true'), { exact: true }).check()
      await page.getByText(t('courses_quiz', 'offline')).waitFor()
      assert.isTrue(
        await page.evaluate(() =>
          Object.keys(localStorage).some((key) => key.startsWith('quiz-pending-'))
        )
      )
      await page.screenshot({ path: shot('lesson-quiz-offline'), fullPage: true })
      await learnerContext.setOffline(false)
      await trueFalse.locator('.quiz-saved').getByText(t('courses_quiz', 'saved')).waitFor()
      await page.getByRole('button', { name: t('courses_quiz', 'submit') }).click()
      await page.locator('#quiz-result').waitFor()
      assert.include(await page.locator('.quiz-score').innerText(), t('courses_quiz', 'passed'))
      await page.screenshot({ path: shot('quiz-result'), fullPage: true })
      await page.setViewportSize({ width: 360, height: 800 })
      assert.isAtMost(await overflow(page), 0, 'the quiz lesson at 360 px')
      await page.screenshot({ path: shot('lesson-quiz-360'), fullPage: true })
      await page.setViewportSize({ width: 1280, height: 900 })
      const progress = await db
        .from('enrollments')
        .where({ course_id: courseId })
        .select('progress_percent', 'completed_at', 'certificate_code')
        .first()
      assert.equal(progress.progress_percent, 100)
      assert.isNotNull(progress.completed_at)

      // the certificate, from my learning, and its public verification
      await page.locator('.site-header a.learning-nav').click()
      await page.waitForURL('**/learning')
      await page.getByRole('link', { name: t('courses_learning', 'view_certificate') }).click()
      await page.waitForURL('**/learning/*/certificate')
      await page.getByRole('button', { name: t('courses_learning', 'certificate.print') }).waitFor()
      await page.screenshot({ path: shot('certificate'), fullPage: true })
      const address = await page.locator('.certificate-verify a').getAttribute('href')
      const { context: guestContext, page: guest } = await newPage(browser, locale, problems)
      cleanup(() => guestContext.close())
      await guest.goto(address!.replace(/^https?:\/\/[^/]+/, baseUrl))
      await guest.getByText(t('courses_learning', 'certificate.valid')).waitFor()
      await guest.screenshot({ path: shot('verification'), fullPage: true })

      // the review, on the course page
      await page.goto(`${baseUrl}/courses/${courseId}`)
      await page.getByLabel(t('courses_catalogue', 'review_rating')).selectOption('5')
      await page
        .getByLabel(t('courses_catalogue', 'review_body'), { exact: true })
        .fill(words.review)
      await page.getByRole('button', { name: t('courses_catalogue', 'save_review') }).click()
      await page.locator('.review-list .review', { hasText: words.review }).waitFor()

      /* ---------------- the master replies and reads the analytics ---------------- */
      await teach.goto(`${baseUrl}/courses/${courseId}`)
      const review = teach.locator('.review', { hasText: words.review })
      await review.getByText(t('courses_catalogue', 'reply'), { exact: true }).click()
      await review.getByLabel(t('courses_catalogue', 'reply_label')).fill(words.reply)
      await review.getByRole('button', { name: t('courses_catalogue', 'send_reply') }).click()
      await teach.locator('.review-reply', { hasText: words.reply }).waitFor()
      await teach.screenshot({ path: shot('course-page-replied'), fullPage: true })
      await teach.getByRole('link', { name: t('courses_catalogue', 'edit') }).click()
      await teach
        .getByRole('navigation', { name: t('courses_teach', 'editor_nav') })
        .getByRole('link', { name: t('courses_teach', 'analytics') })
        .click()
      await teach.waitForURL(`**/teach/courses/${courseId}/analytics`)
      await teach
        .getByRole('img', { name: t('courses_learning', 'analytics.reach_title') })
        .waitFor()
      await teach.screenshot({ path: shot('analytics'), fullPage: true })

      assert.deepEqual(problems, [])
    })
    .timeout(150_000)
})

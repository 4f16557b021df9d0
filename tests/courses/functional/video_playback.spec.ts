import { test } from '@japa/runner'
import { Readable } from 'node:stream'
import Tokens from 'csrf'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ApiResponse } from '@japa/api-client'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster } from '#database/factories/course_factory'
import { readyVideo, TEST_CAPTIONS } from '#database/factories/lesson_video_factory'
import Enrollment from '#courses/models/enrollment'
import { edgeGlobals } from 'edge.js'
import { SESSION_COOKIE, countRows, en } from '#tests/helpers'
import { isolateWithFakeDisk, leftAt, videoCourse } from '#tests/courses/video_helpers'

const MB = 1024 * 1024
/** A message as the page shows it (HTML-escaped: "lesson's" → "lesson&#39;s"). */
const shown = (key: string) => edgeGlobals.html.escape(en(key))

/** A body of `size` zero bytes, generated a megabyte at a time. */
function zeros(size: number) {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < size; offset += MB)
        yield Buffer.alloc(Math.min(MB, size - offset))
    })()
  )
}

async function expectStatus(request: PromiseLike<ApiResponse>, status: number) {
  const response = await request
  response.assertStatus(status)
}

/** A progress report as the player's beacon sends it: a form with the CSRF token in its body. */
async function beacon(client: any, url: string, user: any, report: Record<string, unknown>) {
  const tokens = new Tokens()
  const secret = await tokens.secret()
  return client
    .post(url)
    .loginAs(user)
    .withSession({ 'csrf-secret': secret })
    .form({ _csrf: tokens.create(secret), ...report })
    .redirects(0) as Promise<ApiResponse>
}

test.group('Video lessons: streaming to those who may open the lesson', (group) => {
  isolateWithFakeDisk(group)

  test('the whole video (200), a range (206) and a range past the end (416), private and inline', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    const { originalKey } = await readyVideo(lesson)
    const bytes = Buffer.from(await drive.use().getBytes(originalKey))
    const url = `/courses/${course.id}/lessons/${lesson.id}/video`

    const whole = await client.get(url).loginAs(learner)
    whole.assertStatus(200)
    whole.assertHeader('content-type', 'video/mp4')
    whole.assertHeader('accept-ranges', 'bytes')
    assert.match(String(whole.header('cache-control')), /^private\b/)
    assert.match(
      String(whole.header('content-disposition')),
      /^inline; filename="lesson-\d+\.mp4"$/
    )
    assert.equal(whole.header('x-content-type-options'), 'nosniff')
    assert.isUndefined(whole.cookie(SESSION_COOKIE))
    assert.deepEqual(whole.response.body, bytes)

    const part = await client.get(url).loginAs(learner).header('range', 'bytes=100-199')
    part.assertStatus(206)
    part.assertHeader('content-range', `bytes 100-199/${bytes.length}`)
    assert.deepEqual(part.response.body, bytes.subarray(100, 200))

    const beyond = await client.get(url).loginAs(learner).header('range', `bytes=${bytes.length}-`)
    beyond.assertStatus(416)
    beyond.assertHeader('content-range', `bytes */${bytes.length}`)
  })

  test('the light rendition, the poster and the captions come with their own types', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    await readyVideo(lesson)
    const base = `/courses/${course.id}/lessons/${lesson.id}/video`
    const light = await client.get(`${base}?r=light`).loginAs(learner)
    light.assertStatus(200)
    light.assertHeader('content-type', 'video/mp4')
    const poster = await client.get(`${base}/poster`).loginAs(learner)
    poster.assertStatus(200)
    poster.assertHeader('content-type', 'image/webp')
    const captions = await client.get(`${base}/captions`).loginAs(learner)
    captions.assertStatus(200)
    captions.assertHeader('content-type', 'text/vtt; charset=utf-8')
    assert.equal(captions.text(), TEST_CAPTIONS)
  })

  test('a stranger gets 403, a guest the login page, the master and (for a preview) a guest the video', async ({
    client,
    assert,
  }) => {
    const { masterUser, course, lesson, lessons } = await videoCourse()
    await readyVideo(lesson)
    const stranger = await UserFactory.create()
    const { user: otherMaster } = await certifiedMaster()
    const url = `/courses/${course.id}/lessons/${lesson.id}/video`
    for (const suffix of ['', '/poster', '/captions']) {
      await expectStatus(client.get(url + suffix).loginAs(stranger), 403)
      await expectStatus(client.get(url + suffix).loginAs(otherMaster), 403)
      const guest = await client.get(url + suffix).redirects(0)
      guest.assertStatus(302)
      assert.equal(guest.header('location'), '/login')
      await expectStatus(client.get(url + suffix).loginAs(masterUser), 200)
    }
    // a preview lesson's video is open to anyone
    await db.from('lessons').where('id', lesson.id).update({ is_preview: true })
    await expectStatus(client.get(url), 200)
    // a lesson id under another course's URL is not there
    await expectStatus(
      client.get(`/courses/${course.id}/lessons/${lessons[0].id + 100000}/video`),
      404
    )
  })

  test('a 50 MB video is streamed from the disk: memory stays flat under a dozen ranges at once', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    const { originalKey } = await readyVideo(lesson)
    await drive.use().putStream(originalKey, zeros(50 * MB))
    const url = `/courses/${course.id}/lessons/${lesson.id}/video`
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client
          .get(url)
          .loginAs(learner)
          .header('range', `bytes=${i * 4 * MB}-${i * 4 * MB + 9}`)
      )
    )
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    for (const answer of answers) {
      answer.assertStatus(206)
      assert.equal(Number(answer.header('content-length')), 10)
    }
    // reading the whole file for each would take 12 × 50 MB
    assert.isBelow(peak - before, 60 * MB, `RSS grew by ${Math.round((peak - before) / MB)} MB`)
  }).timeout(60_000)
})

test.group('Video lessons: the player', (group) => {
  isolateWithFakeDisk(group)

  test('plays the original with its poster and captions, and resumes where the learner left off', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    const { originalKey, posterKey, captionsKey } = await readyVideo(lesson)
    await leftAt(lesson, 42)
    const page = await client.get(`/courses/${course.id}/lessons/${lesson.id}`).loginAs(learner)
    page.assertStatus(200)
    const html = page.text()
    const base = `/courses/${course.id}/lessons/${lesson.id}/video`
    const version = (key: string) => key.split('/')[1].slice(0, 8)
    assert.match(
      html,
      /<video class="video-player" controls preload="metadata" playsinline width="640" height="480" x-data="videoPlayer"/
    )
    assert.include(html, `poster="${base}/poster?v=${version(posterKey)}"`)
    assert.include(html, `data-position="42"`)
    assert.include(html, `data-report="/courses/${course.id}/lessons/${lesson.id}/progress"`)
    assert.include(html, `<source src="${base}?v=${version(originalKey)}" type="video/mp4" />`)
    assert.include(
      html,
      `<track kind="captions" src="${base}/captions?v=${version(captionsKey)}" srclang="zh-CN" label="${en('courses_video.player.captions_zh-CN')}" />`
    )
  })

  test('a viewer saving data (Save-Data: on, or the data saver setting) gets the light 360p rendition', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    const { lightKey } = await readyVideo(lesson)
    const light = `src="/courses/${course.id}/lessons/${lesson.id}/video?r=light&amp;v=${lightKey.split('/')[1].slice(0, 8)}"`
    const url = `/courses/${course.id}/lessons/${lesson.id}`
    const plain = await client.get(url).loginAs(learner)
    assert.notInclude(plain.text(), light)
    const saving = await client.get(url).loginAs(learner).header('save-data', 'on')
    assert.include(saving.text(), light)
    assert.include(saving.text(), 'width="480" height="360"')
    learner.dataSaver = true
    await learner.save()
    const setting = await client.get(url).loginAs(learner)
    assert.include(setting.text(), light)
  })

  test('while processing the original plays; a failed video tells the learner; the owner sees no report URL', async ({
    client,
    assert,
  }) => {
    const { masterUser, course, lesson, learner } = await videoCourse()
    await readyVideo(lesson)
    const url = `/courses/${course.id}/lessons/${lesson.id}`
    await db.from('lesson_videos').where('lesson_id', lesson.id).update({
      state: 'processing',
      light_key: null,
      poster_key: null,
    })
    const processing = await client.get(url).loginAs(learner).header('save-data', 'on')
    assert.include(processing.text(), '<video')
    assert.notInclude(processing.text(), 'r=light')
    assert.include(processing.text(), shown('courses_video.player.processing_original'))

    await db
      .from('lesson_videos')
      .where('lesson_id', lesson.id)
      .update({ state: 'failed', error_code: 'unreadable' })
    const failed = await client.get(url).loginAs(learner)
    assert.notInclude(failed.text(), '<video')
    assert.include(failed.text(), shown('courses_video.player.failed'))

    await db
      .from('lesson_videos')
      .where('lesson_id', lesson.id)
      .update({ state: 'ready', error_code: null, light_key: 'x', poster_key: 'y' })
    const owner = await client.get(url).loginAs(masterUser)
    assert.include(owner.text(), '<video')
    assert.notInclude(owner.text(), 'data-report')
  })

  test('a video lesson without a video says so', async ({ client, assert }) => {
    const { course, lesson, learner } = await videoCourse()
    const page = await client.get(`/courses/${course.id}/lessons/${lesson.id}`).loginAs(learner)
    page.assertStatus(200)
    assert.include(page.text(), shown('courses_video.player.none'))
  })
})

test.group('Video lessons: the progress beacon', (group) => {
  isolateWithFakeDisk(group)

  test('an enrolled learner reports where they are; at 90 % watched the lesson is done; no session is written', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    await readyVideo(lesson)
    const url = `/courses/${course.id}/lessons/${lesson.id}/progress`
    const enrollment = await Enrollment.findByOrFail({ courseId: course.id })

    const half = await beacon(client, url, learner, { positionSeconds: 60, watchedPermille: 500 })
    half.assertStatus(204)
    assert.isUndefined(half.cookie(SESSION_COOKIE))
    let progress = await db
      .from('lesson_progress')
      .where({ enrollment_id: enrollment.id, lesson_id: lesson.id })
      .firstOrFail()
    assert.equal(progress.position_seconds, 60)
    assert.equal(progress.watched_permille, 500)
    assert.isNull(progress.completed_at)

    // a later report of less seen (another device) never lowers the share
    await beacon(client, url, learner, { positionSeconds: 10, watchedPermille: 100 })
    progress = await db
      .from('lesson_progress')
      .where({ enrollment_id: enrollment.id, lesson_id: lesson.id })
      .firstOrFail()
    assert.equal(progress.watched_permille, 500)
    assert.equal(progress.position_seconds, 10)

    const most = await beacon(client, url, learner, { positionSeconds: 110, watchedPermille: 900 })
    most.assertStatus(204)
    progress = await db
      .from('lesson_progress')
      .where({ enrollment_id: enrollment.id, lesson_id: lesson.id })
      .firstOrFail()
    assert.isNotNull(progress.completed_at)
    await enrollment.refresh()
    assert.equal(enrollment.completedLessons, 1)
  })

  test('a report without the CSRF token, or one that makes no sense, changes nothing', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    const url = `/courses/${course.id}/lessons/${lesson.id}/progress`
    const noToken = await client
      .post(url)
      .loginAs(learner)
      .form({ positionSeconds: 5, watchedPermille: 950 })
      .redirects(0)
    assert.notEqual(noToken.status(), 204)
    for (const report of [
      { positionSeconds: -1, watchedPermille: 10 },
      { positionSeconds: 5, watchedPermille: 1001 },
      { positionSeconds: 'soon', watchedPermille: 10 },
      {},
    ]) {
      const response = await beacon(client, url, learner, report)
      response.assertStatus(422)
    }
    assert.equal(await countRows('lesson_progress', { lesson_id: lesson.id }), 0)
  })

  test('someone not enrolled (the master, a stranger) is refused; a guest is sent to log in', async ({
    client,
    assert,
  }) => {
    const { masterUser, course, lesson } = await videoCourse()
    const stranger = await UserFactory.create()
    const url = `/courses/${course.id}/lessons/${lesson.id}/progress`
    const report = { positionSeconds: 5, watchedPermille: 950 }
    await expectStatus(beacon(client, url, stranger, report), 403)
    await expectStatus(beacon(client, url, masterUser, report), 403)
    const guest = await client.post(url).withCsrfToken().form(report).redirects(0)
    guest.assertStatus(302)
    assert.equal(guest.header('location'), '/login')
  })

  test('reports are limited to 40 a minute per learner (429 past that)', async ({ client }) => {
    const { course, lesson, learner } = await videoCourse()
    const url = `/courses/${course.id}/lessons/${lesson.id}/progress`
    const report = { positionSeconds: 5, watchedPermille: 10 }
    for (let i = 0; i < 40; i++) await expectStatus(beacon(client, url, learner, report), 204)
    await expectStatus(beacon(client, url, learner, report), 429)
  })

  test('a text lesson takes no video report', async ({ client }) => {
    const { course, lessons, learner } = await videoCourse()
    const url = `/courses/${course.id}/lessons/${lessons[0].id}/progress`
    await expectStatus(
      beacon(client, url, learner, { positionSeconds: 5, watchedPermille: 950 }),
      422
    )
  })
})

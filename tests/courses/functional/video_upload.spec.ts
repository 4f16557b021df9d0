import { test } from '@japa/runner'
import { stat } from 'node:fs/promises'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import type User from '#identity/models/user'
import Lesson from '#courses/models/lesson'
import Course from '#courses/models/course'
import LessonVideo from '#courses/models/lesson_video'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster } from '#database/factories/course_factory'
import { readyVideo, testVideo } from '#database/factories/lesson_video_factory'
import { sweepRemovedVideoFiles } from '#courses/jobs/video_jobs'
import { videoLimits } from '#courses/services/video_store'
import { videoService } from '#courses/services/video_service'
import { jobs } from '#shared/jobs/jobs'
import {
  countRows,
  en,
  fieldErrors,
  fileWith,
  sessionIdOf,
  storedFiles,
  workQueuedJobs,
} from '#tests/helpers'
import {
  apprenticeElsewhere,
  isolateWithFakeDisk,
  probeFile,
  videoCourse,
} from '#tests/courses/video_helpers'

const upload = (request: ApiRequest, path: string) =>
  request.withCsrfToken().redirects(0).file('video', path)
/** The master's upload of a video file to a lesson, as the form sends it. */
const uploadAs = (client: ApiClient, user: User, lesson: { id: number }, path: string) =>
  upload(client.post(`/teach/lessons/${lesson.id}/video`).loginAs(user), path)
const MP4_HEADER = Buffer.from(
  '000000206674797069736f6d0000020069736f6d69736f32617663316d703431',
  'hex'
)

/** Where a stored file is on the faked disk, to read it with ffprobe. */
async function localCopy(key: string) {
  const bytes = await drive.use().getBytes(key)
  return fileWith(key.split('/').pop()!, Buffer.from(bytes))
}

async function captionsOf(lessonId: number) {
  const video = await LessonVideo.findOrFail(lessonId)
  return video.captionsKey
}

async function jobsQueued(name: string) {
  const { rows } = await db.rawQuery(
    `SELECT data FROM pgboss.job WHERE name = ? AND state = 'created'`,
    [name]
  )
  return rows.map((row: any) => row.data)
}

test.group('Video lessons: the master uploads, a job makes the light version', (group) => {
  isolateWithFakeDisk(group)

  test('an uploaded video is kept under a random key and processed: 360p H.264/AAC with faststart, a poster, the durations', async ({
    client,
    assert,
  }) => {
    const { masterUser, course, lesson, lessons } = await videoCourse()
    const response = await uploadAs(client, masterUser, lesson, await testVideo())
    response.assertStatus(302)
    assert.equal(response.header('location'), `/teach/lessons/${lesson.id}/video`)

    let video = await LessonVideo.findOrFail(lesson.id)
    assert.equal(video.state, 'uploaded')
    assert.equal(video.originalType, 'video/mp4')
    assert.match(video.originalKey, /^course-videos\/[0-9a-f-]{36}\.mp4$/)
    const { size } = await stat(await testVideo())
    assert.equal(video.originalSize, size)
    assert.deepEqual(await storedFiles(), [video.originalKey])
    assert.deepEqual(await jobsQueued('courses.video.process'), [
      { lessonId: lesson.id, originalKey: video.originalKey },
    ])

    // the editor card says it is processing and polls itself
    const card = await client.get(`/teach/lessons/${lesson.id}/video`).loginAs(masterUser)
    assert.include(card.text(), en('courses_video.state.uploaded'))
    assert.include(card.text(), `hx-get="/teach/lessons/${lesson.id}/video/card?on=edit"`)

    await workQueuedJobs()
    video = await LessonVideo.findOrFail(lesson.id)
    assert.equal(video.state, 'ready')
    assert.equal(video.durationSeconds, 2)
    assert.equal(video.width, 640)
    assert.equal(video.height, 480)
    const light = await probeFile(await localCopy(video.lightKey!))
    assert.deepEqual(light.video, { codec: 'h264', width: 480, height: 360 })
    assert.deepEqual(light.audio, { codec: 'aac' })
    assert.closeTo(light.duration, 2, 0.2)
    // faststart: the index (moov) comes before the media data (mdat)
    const bytes = Buffer.from(await drive.use().getBytes(video.lightKey!))
    assert.isBelow(bytes.indexOf('moov'), bytes.indexOf('mdat'))
    const poster = Buffer.from(await drive.use().getBytes(video.posterKey!))
    assert.equal(poster.subarray(8, 12).toString(), 'WEBP')

    const processed = await Lesson.findOrFail(lesson.id)
    assert.equal(processed.durationSeconds, 2)
    // the course's length is its lessons' (a text lesson of 60 s, this one, another video of 120 s)
    const courseAfter = await Course.findOrFail(course.id)
    assert.equal(courseAfter.durationSeconds, 60 + 2 + lessons[2].durationSeconds)
    const notification = await db
      .from('notifications')
      .where('recipient_id', masterUser.id)
      .firstOrFail()
    assert.equal(notification.kind, 'courses.video_ready')
    assert.equal(notification.payload.url, `/teach/lessons/${lesson.id}/video`)

    const ready = await client
      .get(`/teach/lessons/${lesson.id}/video/card`)
      .loginAs(masterUser)
      .header('hx-request', 'true')
    ready.assertStatus(200)
    assert.include(ready.text(), en('courses_video.state.ready'))
    assert.notInclude(ready.text(), 'hx-trigger')
    assert.notInclude(ready.text(), '<html')
  }).timeout(60_000)

  test('a file that is not a video (by its content, whatever its name) is refused and nothing is kept', async ({
    client,
    assert,
  }) => {
    const { masterUser, lesson } = await videoCourse()
    const file = await fileWith('lesson.mp4', '<html><script>alert(1)</script></html>')
    const response = await upload(
      client
        .post(`/teach/lessons/${lesson.id}/video`)
        .loginAs(masterUser)
        .header('referer', `/teach/lessons/${lesson.id}/video`),
      file
    )
    response.assertStatus(302)
    assert.deepEqual(fieldErrors(response).video, [
      en('courses_video.upload.not_a_video', { name: file.split('/').pop() }),
    ])
    assert.equal(await countRows('lesson_videos'), 0)
    assert.deepEqual(await storedFiles(), [])
  })

  test('a video over the size limit is refused and nothing is kept', async ({
    client,
    assert,
    cleanup,
  }) => {
    const { masterUser, lesson } = await videoCourse()
    const limit = videoLimits.videoBytes
    videoLimits.videoBytes = 10 * 1024
    cleanup(() => {
      videoLimits.videoBytes = limit
    })
    const big = await fileWith('big.mp4', Buffer.concat([MP4_HEADER, Buffer.alloc(20 * 1024)]))
    const response = await uploadAs(client, masterUser, lesson, big)
    response.assertStatus(302)
    assert.deepEqual(fieldErrors(response).video, [
      en('courses_video.upload.too_large', { limit: 0 }),
    ])
    assert.equal(await countRows('lesson_videos'), 0)
    assert.deepEqual(await storedFiles(), [])
  })

  test('an upload without a file says so', async ({ client, assert }) => {
    const { masterUser, lesson } = await videoCourse()
    const response = await client
      .post(`/teach/lessons/${lesson.id}/video`)
      .loginAs(masterUser)
      .withCsrfToken()
      .redirects(0)
      .field('note', 'no file')
    response.assertStatus(302)
    assert.property(fieldErrors(response), 'video')
    assert.equal(await countRows('lesson_videos'), 0)
  })

  test('replacing a video removes the old files once the new one is in; a job of the old video does nothing', async ({
    client,
    assert,
  }) => {
    const { masterUser, lesson } = await videoCourse()
    await uploadAs(client, masterUser, lesson, await testVideo())
    await workQueuedJobs()
    const first = await LessonVideo.findOrFail(lesson.id)
    // the second upload comes in while a stale job of the first one is queued again
    await jobs.send('courses.video.process', {
      lessonId: lesson.id,
      originalKey: first.originalKey,
    })
    await uploadAs(client, masterUser, lesson, await testVideo({ size: '320x240' }))
    const second = await LessonVideo.findOrFail(lesson.id)
    assert.notEqual(second.originalKey, first.originalKey)
    assert.equal(second.state, 'uploaded')
    assert.isNull(second.lightKey)

    await workQueuedJobs()
    const done = await LessonVideo.findOrFail(lesson.id)
    assert.equal(done.state, 'ready')
    assert.equal(done.originalKey, second.originalKey)
    assert.equal(done.width, 320)
    assert.sameMembers(await storedFiles(), [done.originalKey, done.lightKey!, done.posterKey!])
  }).timeout(60_000)

  test('a file that looks like a video but is none fails with a readable error, at once, and the master is told', async ({
    client,
    assert,
  }) => {
    const { masterUser, lesson } = await videoCourse()
    const fake = await fileWith('broken.mp4', Buffer.concat([MP4_HEADER, Buffer.alloc(4096, 7)]))
    await uploadAs(client, masterUser, lesson, fake)
    const outcome = await jobs.workQueued()
    assert.deepEqual(outcome.failed, [])
    const video = await LessonVideo.findOrFail(lesson.id)
    assert.equal(video.state, 'failed')
    assert.equal(video.errorCode, 'unreadable')
    assert.isNotEmpty(video.errorDetail)
    const notification = await db
      .from('notifications')
      .where('recipient_id', masterUser.id)
      .firstOrFail()
    assert.equal(notification.kind, 'courses.video_failed')

    const page = await client.get(`/teach/lessons/${lesson.id}/video`).loginAs(masterUser)
    assert.include(page.text(), en('courses_video.state.failed'))
    assert.include(page.text(), en('courses_video.errors.unreadable'))
  })

  test('a processing attempt that fails for another reason is retried; the last attempt records the failure', async ({
    client,
    assert,
  }) => {
    const { masterUser, lesson } = await videoCourse()
    await uploadAs(client, masterUser, lesson, await testVideo())
    const video = await LessonVideo.findOrFail(lesson.id)
    // the original has gone from the disk (a storage outage, for this test)
    await drive.use().delete(video.originalKey)
    const data = { lessonId: lesson.id, originalKey: video.originalKey }

    await assert.rejects(() => videoService.process(data, { retryCount: 0, retryLimit: 2 }))
    await video.refresh()
    assert.equal(video.state, 'processing')

    await videoService.process(data, { retryCount: 2, retryLimit: 2 })
    await video.refresh()
    assert.equal(video.state, 'failed')
    assert.equal(video.errorCode, 'failed')
  })
})

test.group('Video lessons: captions', (group) => {
  isolateWithFakeDisk(group)

  const captions = (request: ApiRequest, path: string) =>
    request.withCsrfToken().redirects(0).file('captions', path)

  test('WebVTT captions are kept, replaced (the old file removed) and removed', async ({
    client,
    assert,
  }) => {
    const { masterUser, lesson } = await videoCourse()
    await client
      .post(`/teach/lessons/${lesson.id}/video`)
      .loginAs(masterUser)
      .withCsrfToken()
      .file('video', await testVideo())
    const vtt = await fileWith('lesson.vtt', '\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\n揉泥\n')
    const response = await captions(
      client.post(`/teach/lessons/${lesson.id}/video/captions`).loginAs(masterUser),
      vtt
    )
    response.assertStatus(302)
    const first = (await captionsOf(lesson.id)) as string
    assert.match(first, /^course-videos\/[0-9a-f-]{36}\.vtt$/)

    await captions(
      client.post(`/teach/lessons/${lesson.id}/video/captions`).loginAs(masterUser),
      vtt
    )
    const second = (await captionsOf(lesson.id)) as string
    assert.notEqual(second, first)
    await jobs.workQueued()
    const files = await storedFiles()
    assert.include(files, second)
    assert.notInclude(files, first)

    await client
      .post(`/teach/lessons/${lesson.id}/video/captions/delete`)
      .loginAs(masterUser)
      .withCsrfToken()
    assert.isNull(await captionsOf(lesson.id))
    await jobs.workQueued()
    assert.notInclude(await storedFiles(), second)
  }).timeout(60_000)

  test('{name} is refused with its reason, and nothing is kept')
    .with([
      {
        name: 'a file without the WEBVTT line',
        body: '1\n00:00:00,000 --> 00:00:01,000\nSRT\n',
        key: 'not_webvtt',
      },
      {
        name: 'a binary file',
        body: Buffer.from([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe, 0x00]),
        key: 'not_text',
      },
      {
        name: 'a WebVTT file without a timed cue',
        body: 'WEBVTT\n\nNOTE nothing here\n',
        key: 'no_cues',
      },
      {
        name: 'a file over 512 KB',
        body: `WEBVTT\n\n00:00.000 --> 00:01.000\n${'字'.repeat(180_000)}\n`,
        key: 'too_large',
      },
    ])
    .run(async ({ client, assert }, { body, key }) => {
      const { masterUser, lesson } = await videoCourse()
      await client
        .post(`/teach/lessons/${lesson.id}/video`)
        .loginAs(masterUser)
        .withCsrfToken()
        .file('video', await testVideo())
      const before = await storedFiles()
      const response = await captions(
        client.post(`/teach/lessons/${lesson.id}/video/captions`).loginAs(masterUser),
        await fileWith('captions.vtt', body)
      )
      response.assertStatus(302)
      assert.deepEqual(fieldErrors(response).captions, [
        en(`courses_video.captions.${key}`, { limit: 512 }),
      ])
      assert.isNull(await captionsOf(lesson.id))
      assert.deepEqual(await storedFiles(), before)
    })

  test('captions before any video are refused', async ({ client, assert }) => {
    const { masterUser, lesson } = await videoCourse()
    const response = await captions(
      client.post(`/teach/lessons/${lesson.id}/video/captions`).loginAs(masterUser),
      await fileWith('lesson.vtt', 'WEBVTT\n\n00:00.000 --> 00:01.000\n揉泥\n')
    )
    assert.deepEqual(fieldErrors(response).captions, [en('courses_video.captions.video_first')])
    assert.deepEqual(await storedFiles(), [])
  })
})

test.group('Video lessons: only the course master edits the video', (group) => {
  isolateWithFakeDisk(group)

  test('another master, the master acting as an apprentice, an enrolled apprentice and a stranger get 403; a guest the login page', async ({
    client,
    assert,
  }) => {
    const { masterUser, lesson, learner } = await videoCourse()
    const { user: otherMaster } = await certifiedMaster()
    const stranger = await UserFactory.create()
    const elsewhere = await apprenticeElsewhere(masterUser)
    const video = await testVideo()
    const routes = [
      { method: 'get', url: `/teach/lessons/${lesson.id}/video` },
      { method: 'get', url: `/teach/lessons/${lesson.id}/video/card` },
      { method: 'post', url: `/teach/lessons/${lesson.id}/video`, file: 'video' },
      { method: 'post', url: `/teach/lessons/${lesson.id}/video/captions`, file: 'captions' },
      { method: 'post', url: `/teach/lessons/${lesson.id}/video/captions/delete` },
    ] as const
    const wrong: string[] = []
    for (const route of routes) {
      for (const [who, user, session] of [
        ['another master', otherMaster, {}],
        ['the master as an apprentice', masterUser, { identity_id: elsewhere }],
        ['an enrolled apprentice', learner, {}],
        ['a stranger', stranger, {}],
        ['a guest', null, {}],
      ] as const) {
        const request = client[route.method](route.url).redirects(0).withSession(session)
        if (user) request.loginAs(user)
        if (route.method === 'post') request.withCsrfToken()
        if ('file' in route) request.file(route.file, video)
        const response = await request
        const expected = user ? '403' : '302 /login'
        const got = `${response.status()}${user ? '' : ` ${response.header('location')}`}`
        if (got !== expected) wrong.push(`${who} ${route.method} ${route.url}: ${got}`)
      }
    }
    assert.deepEqual(wrong, [])
    assert.equal(await countRows('lesson_videos'), 0)
    assert.deepEqual(await storedFiles(), [])
  }).timeout(60_000)

  test("the card's poll and the video's range requests write no session: a form's message waits for its page", async ({
    client,
    assert,
  }) => {
    const { masterUser, course, lesson } = await videoCourse()
    const uploaded = await uploadAs(client, masterUser, lesson, await testVideo())
    const sessionId = sessionIdOf(uploaded)
    // before the redirected page loads, the card polls and the old player seeks
    const poll = await client
      .get(`/teach/lessons/${lesson.id}/video/card`)
      .usingSession(sessionId)
      .header('hx-request', 'true')
    poll.assertStatus(200)
    const seek = await client
      .get(`/courses/${course.id}/lessons/${lesson.id}/video`)
      .usingSession(sessionId)
      .header('range', 'bytes=0-9')
    seek.assertStatus(206)
    const page = await client.get(`/teach/lessons/${lesson.id}/video`).usingSession(sessionId)
    assert.include(page.text(), en('courses_video.upload.done'))
  })

  test('a text lesson has no video page', async ({ client }) => {
    const { masterUser, lessons } = await videoCourse()
    const response = await client.get(`/teach/lessons/${lessons[0].id}/video`).loginAs(masterUser)
    response.assertStatus(404)
  })
})

test.group('Video lessons: files of deleted lessons', (group) => {
  isolateWithFakeDisk(group)

  test("deleting a lesson, or the master's account (its courses and lessons go with it), leaves no video file behind once swept", async ({
    assert,
  }) => {
    // keys other tests' committed deletions left (their files are gone already)
    await sweepRemovedVideoFiles()
    const { masterUser, lessons } = await videoCourse()
    await readyVideo(lessons[1])
    const second = await readyVideo(lessons[2])
    await Lesson.query().where('id', lessons[1].id).delete()
    assert.equal(await countRows('lesson_video_removed_files'), 4)
    await sweepRemovedVideoFiles()
    assert.equal(await countRows('lesson_video_removed_files'), 0)
    assert.sameMembers(await storedFiles(), Object.values(second))

    await db.from('users').where('id', masterUser.id).delete()
    assert.equal(await countRows('lesson_video_removed_files'), 4)
    await sweepRemovedVideoFiles()
    assert.deepEqual(await storedFiles(), [])
    assert.equal(await countRows('lesson_video_removed_files'), 0)
  })
})

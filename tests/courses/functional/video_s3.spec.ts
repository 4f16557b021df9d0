import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import LessonVideo from '#courses/models/lesson_video'
import { testVideo } from '#database/factories/lesson_video_factory'
import { isolateEachTest, workQueuedJobs } from '#tests/helpers'
import { startS3rver, useS3ByDefault } from '#tests/helpers/s3rver'
import { videoCourse } from '#tests/courses/video_helpers'

/** The video path on the `s3` disk (s3rver on loopback), as with DRIVE_DISK=s3. */
test.group('Video lessons on S3 (s3rver on loopback)', (group) => {
  isolateEachTest(group)
  group.setup(() => startS3rver())

  test('upload, processing and ranged streaming work with the videos on S3', async ({
    client,
    assert,
    cleanup,
  }) => {
    cleanup(useS3ByDefault())
    const { masterUser, course, lesson, learner } = await videoCourse()
    await client
      .post(`/teach/lessons/${lesson.id}/video`)
      .loginAs(masterUser)
      .withCsrfToken()
      .file('video', await testVideo())
    await workQueuedJobs()
    const video = await LessonVideo.findOrFail(lesson.id)
    cleanup(async () => {
      for (const key of [video.originalKey, video.lightKey!, video.posterKey!]) {
        await drive.use('s3').delete(key)
      }
    })
    assert.equal(video.state, 'ready')
    assert.isTrue(await drive.use('s3').exists(video.lightKey!))
    assert.isFalse(await drive.use('fs').exists(video.lightKey!))

    const light = Buffer.from(await drive.use('s3').getBytes(video.lightKey!))
    const part = await client
      .get(`/courses/${course.id}/lessons/${lesson.id}/video?r=light`)
      .loginAs(learner)
      .header('range', 'bytes=10-29')
    part.assertStatus(206)
    part.assertHeader('content-range', `bytes 10-29/${light.length}`)
    assert.deepEqual(part.response.body, light.subarray(10, 30))
  }).timeout(60_000)
})

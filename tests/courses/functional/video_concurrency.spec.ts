import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import LessonVideo from '#courses/models/lesson_video'
import { testVideo } from '#database/factories/lesson_video_factory'
import { videoService } from '#courses/services/video_service'
import { jobs } from '#shared/jobs/jobs'
import { sweepRemovedVideoFiles } from '#courses/jobs/video_jobs'
import { storedFiles, workQueuedJobs } from '#tests/helpers'
import { videoCourse } from '#tests/courses/video_helpers'

/** Races on committed rows: each call takes its own pool connection, as two requests would. */
test.group('Video lessons under concurrency', (group) => {
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('three uploads to one lesson at once leave one video, its job, and none of the others’ files', async ({
    assert,
    cleanup,
  }) => {
    const { masterUser, learner, lesson, master } = await videoCourse()
    cleanup(async () => {
      await jobs.clear()
      await db.from('users').whereIn('id', [masterUser.id, learner.id]).delete()
      await db.from('fields').where('id', master.fieldId).delete()
      // the deleted video row's keys (kept by its trigger): the files go now, not at the next sweep
      await sweepRemovedVideoFiles()
    })
    const files = await Promise.all(
      ['640x480', '320x240', '160x120'].map((size) => testVideo({ size }))
    )
    await Promise.all(
      files.map((tmpPath) => videoService.upload(lesson, { tmpPath, clientName: 'v.mp4' }))
    )

    const video = await LessonVideo.findOrFail(lesson.id)
    await workQueuedJobs()
    await video.refresh()
    assert.equal(video.state, 'ready')
    // the last upload to commit won; the two it replaced left nothing on the disk
    assert.sameMembers(await storedFiles(), [video.originalKey, video.lightKey!, video.posterKey!])
  }).timeout(60_000)
})

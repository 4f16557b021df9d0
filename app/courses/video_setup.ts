import { notificationKinds } from '#realtime/index'
import { jobs } from '#shared/jobs/jobs'
import { processVideo, removeVideoFiles, sweepVideoFiles } from '#courses/jobs/video_jobs'

/*
| Video lessons' parts in the lower modules (run once at boot by setup.ts):
| their jobs, and the master's notifications when a video is ready or failed.
|   courses.video_ready   { lesson, url }
|   courses.video_failed  { lesson, url }
*/
export function setUpVideoLessons() {
  jobs.register(processVideo, removeVideoFiles, sweepVideoFiles)
  notificationKinds.register({
    topic: 'course_videos',
    nameKey: 'courses_video.notifications.topic.name',
    hintKey: 'courses_video.notifications.topic.hint',
    defaults: { inApp: true, email: false },
    mail: 'digest',
    kinds: {
      'courses.video_ready': { textKey: 'courses_video.notifications.ready', values: ['lesson'] },
      'courses.video_failed': { textKey: 'courses_video.notifications.failed', values: ['lesson'] },
    },
  })
}

import router from '@adonisjs/core/services/router'
import limiter from '@adonisjs/limiter/services/main'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'
import { uploadLimits, uploadRoutes } from '#shared/http/upload_routes'
import { pagelessRoutes, sessionReadOnlyRoutes } from '#shared/http/pageless_routes'
import { VIDEO_UPLOAD_BODY_LIMIT } from '#courses/services/video_store'

const LessonVideosController = () => import('#courses/controllers/lesson_videos_controller')
const VideoMediaController = () => import('#courses/controllers/video_media_controller')

/** A player reports every ~15 s: 40 a minute per learner leaves room for a few tabs and seeks. */
const progressThrottle = limiter.define('video_progress', (ctx) =>
  limiter
    .allowRequests(40)
    .every('1 minute')
    .usingKey(`video_progress_${ctx.auth.user?.id ?? ctx.request.ip()}`)
)

/* a lesson's media: whoever may open the lesson (services/lesson_access.ts), guests for a preview */
router
  .group(() => {
    router.get('/video', [VideoMediaController, 'video']).as('courses.video.stream')
    router.get('/video/poster', [VideoMediaController, 'poster']).as('courses.video.poster')
    router.get('/video/captions', [VideoMediaController, 'captions']).as('courses.video.captions')
  })
  .prefix('/courses/:courseId/lessons/:lessonId')
  .where('courseId', recordId)
  .where('lessonId', recordId)

/* an enrolled learner's player reports how far they watched */
router
  .post('/courses/:courseId/lessons/:lessonId/progress', [VideoMediaController, 'progress'])
  .as('courses.lessons.progress')
  .where('courseId', recordId)
  .where('lessonId', recordId)
  .use([middleware.auth(), progressThrottle])

/* the course's master: a video lesson's video and captions */
router
  .group(() => {
    router.get('/', [LessonVideosController, 'show']).as('courses.video.edit')
    router.get('/card', [LessonVideosController, 'card']).as('courses.video.card')
    router.post('/', [LessonVideosController, 'store']).as('courses.video.upload')
    router
      .post('/captions', [LessonVideosController, 'storeCaptions'])
      .as('courses.video.captions.upload')
    router
      .post('/captions/delete', [LessonVideosController, 'destroyCaptions'])
      .as('courses.video.captions.destroy')
  })
  .prefix('/teach/lessons/:id/video')
  .where('id', recordId)
  .use(middleware.auth())

uploadRoutes.add('courses.video.upload', 'courses.video.captions.upload')
uploadLimits.set('courses.video.upload', VIDEO_UPLOAD_BODY_LIMIT)
// no page: never written back (a seek or a poll racing a form would eat its flash message)
pagelessRoutes.add('courses.lessons.progress')
sessionReadOnlyRoutes.add(
  'courses.video.stream',
  'courses.video.poster',
  'courses.video.captions',
  'courses.video.card'
)

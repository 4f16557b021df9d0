import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'

const LearningController = () => import('#courses/controllers/learning_controller')
const CertificatesController = () => import('#courses/controllers/certificates_controller')
const CourseAnalyticsController = () => import('#courses/controllers/course_analytics_controller')

/* anyone holding a certificate's code: its verification (404 for any code not issued) */
router.get('/certificates/:code', [CertificatesController, 'show']).as('certificates.show')

/* the learner's own: my learning, certificates to print */
router
  .group(() => {
    router.get('/learning', [LearningController, 'index']).as('learning.index')
    router
      .get('/learning/:enrollmentId/certificate', [LearningController, 'certificate'])
      .as('learning.certificate')
      .where('enrollmentId', recordId)
  })
  .use(middleware.auth())

/* the course's master identity (CoursePolicy 'viewAnalytics') */
router
  .get('/teach/courses/:id/analytics', [CourseAnalyticsController, 'show'])
  .as('teach.courses.analytics')
  .where('id', recordId)
  .use(middleware.auth())

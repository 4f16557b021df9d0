import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'

const LessonsController = () => import('#courses/controllers/lessons_controller')
const EnrollmentsController = () => import('#courses/controllers/enrollments_controller')

/* a lesson: its master, enrolled apprentices, anyone for a preview lesson (services/lesson_access.ts) */
router
  .get('/courses/:courseId/lessons/:lessonId', [LessonsController, 'show'])
  .as('courses.lessons.show')
  .where('courseId', recordId)
  .where('lessonId', recordId)

/* signed-in learners */
router
  .group(() => {
    router
      .post('/courses/:id/enroll', [EnrollmentsController, 'store'])
      .as('courses.enroll')
      .where('id', recordId)
    router
      .post('/courses/:courseId/lessons/:lessonId/complete', [LessonsController, 'complete'])
      .as('courses.lessons.complete')
      .where('courseId', recordId)
      .where('lessonId', recordId)
  })
  .use(middleware.auth())

import '#courses/routes_learning'

/* quiz lessons: the editor and taking a quiz */
import '#courses/routes_quiz'

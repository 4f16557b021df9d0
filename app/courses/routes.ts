import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'

const CatalogueController = () => import('#courses/controllers/catalogue_controller')
const ReviewsController = () => import('#courses/controllers/reviews_controller')
const LessonsController = () => import('#courses/controllers/lessons_controller')
const EnrollmentsController = () => import('#courses/controllers/enrollments_controller')

/*
| The catalogue and course pages: anonymous visitors get them from the page
| cache (only the unfiltered /courses: an address with a query string is
| never cached), purged by services/course_pages.ts when a course changes.
*/
router
  .get('/courses', [CatalogueController, 'index'])
  .as('courses.index')
  .use(middleware.pageCache())
router
  .get('/courses/:id', [CatalogueController, 'show'])
  .as('courses.show')
  .where('id', recordId)
  .use(middleware.pageCache())
router
  .get('/courses/:id/reviews', [ReviewsController, 'index'])
  .as('courses.reviews.index')
  .where('id', recordId)

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

/* authoring: a master identity's courses, syllabus and lessons */
import '#courses/routes_teach'

/* reviews: the learner's own, the master's reply, anyone's report */
router
  .group(() => {
    router
      .post('/courses/:id/review', [ReviewsController, 'save'])
      .as('courses.reviews.save')
      .where('id', recordId)
    router
      .post('/course-reviews/:id/reply', [ReviewsController, 'reply'])
      .as('courses.reviews.reply')
      .where('id', recordId)
    router
      .post('/course-reviews/:id/report', [ReviewsController, 'report'])
      .as('courses.reviews.report')
      .where('id', recordId)
  })
  .use(middleware.auth())
/* quiz lessons: the editor and taking a quiz */
import '#courses/routes_quiz'

/* video lessons: the master's upload and captions, the learners' media and progress */
import '#courses/routes_video'

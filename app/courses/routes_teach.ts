import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'
import { uploadRoutes } from '#shared/http/upload_routes'
import { pagelessRoutes } from '#shared/http/pageless_routes'
import { LESSON_IMAGE_KEY } from '#courses/services/course_images'

const TeachCourses = () => import('#courses/controllers/teach_courses_controller')
const TeachSyllabus = () => import('#courses/controllers/teach_syllabus_controller')
const TeachLessons = () => import('#courses/controllers/teach_lessons_controller')
const CourseImages = () => import('#courses/controllers/course_images_controller')

/* a course's cover (a draft's: its master only) and lesson images, by unguessable keys */
router.get('/courses/:id/cover', [CourseImages, 'cover']).as('courses.cover').where('id', recordId)
router
  .get('/courses/images/:key', [CourseImages, 'lessonImage'])
  .as('courses.images.show')
  .where('key', LESSON_IMAGE_KEY)

/* authoring, as the course's own master identity (CoursePolicy; controllers/teach_access.ts) */
router
  .group(() => {
    router.get('/teach/courses', [TeachCourses, 'index']).as('teach.courses.index')
    router.get('/teach/courses/new', [TeachCourses, 'create']).as('teach.courses.create')
    router.post('/teach/courses', [TeachCourses, 'store']).as('teach.courses.store')
    router.get('/teach/courses/:id/edit', [TeachCourses, 'edit']).as('teach.courses.edit')
    router.post('/teach/courses/:id', [TeachCourses, 'update']).as('teach.courses.update')
    router.post('/teach/courses/:id/cover', [TeachCourses, 'cover']).as('teach.courses.cover')
    router.post('/teach/courses/:id/publish', [TeachCourses, 'publish']).as('teach.courses.publish')
    router.post('/teach/courses/:id/archive', [TeachCourses, 'archive']).as('teach.courses.archive')
    router.post('/teach/courses/:id/reopen', [TeachCourses, 'reopen']).as('teach.courses.reopen')

    router.get('/teach/courses/:id/syllabus', [TeachSyllabus, 'show']).as('teach.courses.syllabus')
    router.post('/teach/courses/:id/order', [TeachSyllabus, 'order']).as('teach.courses.order')
    router
      .post('/teach/courses/:id/sections', [TeachSyllabus, 'addSection'])
      .as('teach.sections.store')
    router.post('/teach/sections/:id', [TeachSyllabus, 'renameSection']).as('teach.sections.update')
    router
      .post('/teach/sections/:id/move', [TeachSyllabus, 'moveSection'])
      .as('teach.sections.move')
    router
      .post('/teach/sections/:id/delete', [TeachSyllabus, 'deleteSection'])
      .as('teach.sections.destroy')
    router
      .post('/teach/courses/:id/lessons', [TeachSyllabus, 'addLesson'])
      .as('teach.lessons.store')
    router.post('/teach/lessons/:id/move', [TeachSyllabus, 'moveLesson']).as('teach.lessons.move')
    router
      .post('/teach/lessons/:id/delete', [TeachSyllabus, 'deleteLesson'])
      .as('teach.lessons.destroy')

    router.get('/teach/lessons/:id/edit', [TeachLessons, 'edit']).as('teach.lessons.edit')
    router.post('/teach/lessons/:id', [TeachLessons, 'update']).as('teach.lessons.update')
    router.post('/teach/lessons/:id/text', [TeachLessons, 'text']).as('teach.lessons.text')
  })
  .use(middleware.auth())

/* a cover, and a text lesson's Markdown with an image to add */
uploadRoutes.add('teach.courses.cover', 'teach.lessons.text')
pagelessRoutes.add('courses.images.show')

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'
import { uploadRoutes } from '#shared/http/upload_routes'
import { sessionReadOnlyRoutes } from '#shared/http/pageless_routes'

const QuizEditorController = () => import('#courses/controllers/quiz_editor_controller')
const QuizAttemptsController = () => import('#courses/controllers/quiz_attempts_controller')

router
  .group(() => {
    /* the quiz editor: the course's master identity only (CoursePolicy 'edit') */
    router
      .get('/teach/lessons/:id/quiz', [QuizEditorController, 'show'])
      .as('courses.quiz.edit')
      .where('id', recordId)
    router
      .post('/teach/lessons/:id/quiz', [QuizEditorController, 'settings'])
      .as('courses.quiz.settings')
      .where('id', recordId)
    router
      .post('/teach/lessons/:id/quiz/questions', [QuizEditorController, 'storeQuestion'])
      .as('courses.quiz.questions.store')
      .where('id', recordId)
    router
      .post('/teach/quiz-questions/:id', [QuizEditorController, 'updateQuestion'])
      .as('courses.quiz.questions.update')
      .where('id', recordId)
    router
      .post('/teach/quiz-questions/:id/delete', [QuizEditorController, 'destroyQuestion'])
      .as('courses.quiz.questions.destroy')
      .where('id', recordId)
    router
      .post('/teach/quiz-questions/:id/move', [QuizEditorController, 'moveQuestion'])
      .as('courses.quiz.questions.move')
      .where('id', recordId)
    router
      .post('/teach/quiz-questions/:id/photos', [QuizEditorController, 'storePhoto'])
      .as('courses.quiz.photos.store')
      .where('id', recordId)

    /* taking a quiz: the enrolled apprentice, in their own attempts */
    router
      .post('/courses/:courseId/lessons/:lessonId/quiz/attempts', [QuizAttemptsController, 'start'])
      .as('courses.quiz.start')
      .where('courseId', recordId)
      .where('lessonId', recordId)
    router
      .post('/quiz-attempts/:id/answers', [QuizAttemptsController, 'answer'])
      .as('courses.quiz.answer')
      .where('id', recordId)
    router
      .post('/quiz-attempts/:id/submit', [QuizAttemptsController, 'submit'])
      .as('courses.quiz.submit')
      .where('id', recordId)
    /* a photo of a photo question: whoever may open the lesson */
    router
      .get('/courses/:courseId/lessons/:lessonId/quiz/photos/:key', [
        QuizAttemptsController,
        'photo',
      ])
      .as('courses.quiz.photo')
      .where('courseId', recordId)
      .where('lessonId', recordId)
      .where('key', router.matchers.uuid())
  })
  .use(middleware.auth())

uploadRoutes.add('courses.quiz.photos.store')
// an answer's htmx save renders no page: never written back (one arriving after the submit,
// on a slow link, would eat the result's message on its way to the page)
sessionReadOnlyRoutes.add('courses.quiz.answer')

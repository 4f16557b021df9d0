import type { HttpContext } from '@adonisjs/core/http'
import { myLearning } from '#courses/services/my_learning'
import { certificates } from '#courses/services/certificates'

/** The learner's own pages: the courses they take, and their certificates to print. */
export default class LearningController {
  async index({ view, auth, identity, response }: HttpContext) {
    const groups = await myLearning.of(auth.user!.id, identity?.id ?? null)
    response.header('Cache-Control', 'private, no-store')
    return view.render('courses/learning/index', { groups })
  }

  async certificate({ view, auth, params, response }: HttpContext) {
    const certificate = await certificates.ofLearner(auth.user!.id, params.enrollmentId)
    response.header('Cache-Control', 'private, no-store')
    return view.render('courses/learning/certificate', { certificate, own: true })
  }
}

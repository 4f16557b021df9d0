import type { HttpContext } from '@adonisjs/core/http'
import Field from '#identity/models/field'
import CertificationPolicy from '#identity/policies/certification_policy'
import {
  decisionValidator,
  reviewFiltersValidator,
} from '#identity/validators/certification_validators'
import { certificationService } from '#identity/services/certification_service'
import { FormError } from '#shared/errors/domain_error'
import { notFound } from '#shared/errors/not_found'

export default class CertificationReviewController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.with(CertificationPolicy).authorize('review')
    const filters = await reviewFiltersValidator.validate(request.qs())
    const applications = await certificationService.forReview({
      status: filters.status ?? 'pending',
      fieldId: filters.fieldId,
      page: filters.page ?? 1,
    })
    const fields = await Field.query().orderBy('sort_order')
    return view.render('identity/certification/queue', { applications, fields, filters })
  }

  async show({ params, view, bouncer }: HttpContext) {
    await bouncer.with(CertificationPolicy).authorize('review')
    const application = await certificationService.detail(params.id).catch(() => notFound())
    // staff see their own application here, without the decision buttons (the page says why)
    const mayDecide = await bouncer.with(CertificationPolicy).allows('decide', application)
    const others = await certificationService.othersOfIdentity(application)
    return view.render('identity/certification/show', {
      application,
      others,
      reviewing: true,
      mayDecide,
    })
  }

  /** Approve, reject (reason required) or ask for more (message required); the applicant is told. */
  async decide({ params, request, response, session, bouncer, auth, i18n }: HttpContext) {
    await bouncer.with(CertificationPolicy).authorize('review')
    const application = await certificationService.detail(params.id).catch(() => notFound())
    await bouncer.with(CertificationPolicy).authorize('decide', application)
    const { decision, note } = await request.validateUsing(decisionValidator)
    if (decision !== 'approve' && !note) throw new FormError('note', 'certification.note_required')
    await certificationService.decide(auth.user!, application, decision, note ?? null)
    session.flash('success', i18n.t(`certification.decided.${decision}`))
    return response.redirect().toRoute('admin.certifications.index')
  }
}

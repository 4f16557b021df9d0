import type { HttpContext } from '@adonisjs/core/http'
import Field from '#identity/models/field'
import CertificationEvidence from '#identity/models/certification_evidence'
import CertificationPolicy from '#identity/policies/certification_policy'
import { applyValidator, resubmitValidator } from '#identity/validators/certification_validators'
import { certificationService } from '#identity/services/certification_service'
import { evidenceStore } from '#identity/services/evidence_store'
import { notFound } from '#shared/errors/not_found'
import { sendStoredFile } from '#shared/http/stored_file'

export default class CertificationController {
  async create({ view, request, bouncer }: HttpContext) {
    const fields = await Field.query().where('active', true).orderBy('sort_order')
    // an unverified account sees the prompt to verify instead of the form
    const mayApply = await bouncer.with(CertificationPolicy).allows('apply')
    return view.render('identity/certification/apply', {
      fields,
      chosen: request.qs().field,
      mayApply,
    })
  }

  async store({ request, response, session, auth, i18n, bouncer }: HttpContext) {
    await bouncer.with(CertificationPolicy).authorize('apply')
    const form = await request.validateUsing(applyValidator)
    const application = await certificationService.applyFromForm(auth.user!, form)
    session.flash('success', i18n.t('certification.submitted'))
    return response.redirect().toRoute('certification.show', { id: application.id })
  }

  async show({ params, view, bouncer }: HttpContext) {
    const application = await certificationService.detail(params.id).catch(() => notFound())
    await bouncer.with(CertificationPolicy).authorize('view', application)
    const others = await certificationService.othersOfIdentity(application)
    // the latest application of a rejected identity: when its owner may apply again
    const reapplyInDays =
      application.status === 'rejected' && others.every((other) => other.id < application.id)
        ? await certificationService.daysBeforeReapplying(application.identityId)
        : null
    return view.render('identity/certification/show', { application, others, reapplyInDays })
  }

  async resubmit({ params, request, response, session, bouncer, i18n }: HttpContext) {
    const application = await certificationService.detail(params.id).catch(() => notFound())
    await bouncer.with(CertificationPolicy).authorize('resubmit', application)
    const form = await request.validateUsing(resubmitValidator)
    await certificationService.resubmitFromForm(application, form)
    session.flash('success', i18n.t('certification.resubmitted'))
    return response.redirect().toRoute('certification.show', { id: application.id })
  }

  /** Evidence is private: only through this route, for the applicant and staff. */
  async evidence(ctx: HttpContext) {
    const { params, response, bouncer } = ctx
    const file = await CertificationEvidence.find(params.id)
    if (!file) notFound()
    const application = await certificationService.detail(file.applicationId)
    await bouncer.with(CertificationPolicy).authorize('view', application)
    response.header('Content-Type', file.mime)
    response.header(
      'Content-Disposition',
      `${file.isPdf ? 'attachment' : 'inline'}; filename="evidence-${file.id}"`
    )
    response.header('Cache-Control', 'private, no-store')
    response.header('X-Content-Type-Options', 'nosniff')
    // videos play inline and seek with range requests
    return sendStoredFile(ctx, evidenceStore.stored(file.diskKey))
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import Field from '#identity/models/field'
import CertificationEvidence from '#identity/models/certification_evidence'
import CertificationPolicy from '#identity/policies/certification_policy'
import {
  applyValidator,
  parseLinks,
  resubmitValidator,
} from '#identity/validators/certification_validators'
import { certificationService } from '#identity/services/certification_service'
import { evidenceStore } from '#identity/services/evidence_store'
import { ACTIVE_IDENTITY_KEY } from '#identity/middleware/current_user_middleware'
import { FormError } from '#shared/errors/domain_error'
import { notFound } from '#shared/errors/not_found'
import { sendStoredFile } from '#shared/http/stored_file'

function linksOf(text: string | undefined) {
  const links = parseLinks(text)
  if (!links) throw new FormError('links', 'certification.links_invalid')
  return links
}

export default class CertificationController {
  async create({ view, request }: HttpContext) {
    const fields = await Field.query().where('active', true).orderBy('sort_order')
    return view.render('identity/certification/apply', { fields, chosen: request.qs().field })
  }

  async store({ request, response, session, auth, i18n }: HttpContext) {
    const { fieldId, evidence, links, ...data } = await request.validateUsing(applyValidator)
    const field = await Field.query().where({ id: fieldId, active: true }).first()
    if (!field) throw new FormError('fieldId', 'certification.unknown_field')
    const files = await evidenceStore.checkAll(evidence)
    const application = await certificationService.apply(
      auth.user!,
      field,
      { ...data, links: linksOf(links) },
      files
    )
    session.put(ACTIVE_IDENTITY_KEY, application.identityId)
    session.flash('success', i18n.t('certification.submitted'))
    return response.redirect().toRoute('certification.show', { id: application.id })
  }

  async show({ params, view, bouncer }: HttpContext) {
    const application = await certificationService.detail(params.id).catch(() => notFound())
    await bouncer.with(CertificationPolicy).authorize('view', application)
    return view.render('identity/certification/show', { application })
  }

  async resubmit({ params, request, response, session, bouncer, i18n }: HttpContext) {
    const application = await certificationService.detail(params.id).catch(() => notFound())
    await bouncer.with(CertificationPolicy).authorize('resubmit', application)
    const { evidence, links, ...data } = await request.validateUsing(resubmitValidator)
    if (application.evidence.length + (evidence?.length ?? 0) > 10) {
      throw new FormError('evidence', 'certification.too_many_files')
    }
    const files = await evidenceStore.checkAll(evidence ?? [])
    await certificationService.resubmit(application, { ...data, links: linksOf(links) }, files)
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

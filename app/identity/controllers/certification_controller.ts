import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import Field from '#identity/models/field'
import CertificationEvidence from '#identity/models/certification_evidence'
import CertificationPolicy from '#identity/policies/certification_policy'
import {
  applyValidator,
  parseLinks,
  resubmitValidator,
} from '#identity/validators/certification_validators'
import {
  AlreadyAppliedError,
  ApplicationChangedError,
  certificationService,
} from '#identity/services/certification_service'
import { evidenceStore, EvidenceRejectedError } from '#identity/services/evidence_store'
import { fieldError } from '#identity/validation_error'
import { ACTIVE_IDENTITY_KEY } from '#identity/middleware/current_user_middleware'
import { notFound } from '#shared/errors/not_found'
import { parseByteRange } from '#shared/http/byte_range'

/** Checks every file by content before anything is stored; a bad one fails the whole form. */
async function checkFiles(ctx: HttpContext, files: MultipartFile[]) {
  const checked = []
  for (const file of files) {
    try {
      checked.push(await evidenceStore.check(file))
    } catch (error) {
      if (!(error instanceof EvidenceRejectedError)) throw error
      throw fieldError(
        'evidence',
        ctx.i18n.t(`certification.evidence_${error.reason}`, {
          name: error.fileName,
          limit: error.limitMb,
        })
      )
    }
  }
  return checked
}

function linksOf(ctx: HttpContext, text: string | undefined) {
  const links = parseLinks(text)
  if (!links) throw fieldError('links', ctx.i18n.t('certification.links_invalid'))
  return links
}

export default class CertificationController {
  async create({ view, request }: HttpContext) {
    const fields = await Field.query().where('active', true).orderBy('sort_order')
    return view.render('identity/certification/apply', { fields, chosen: request.qs().field })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth, i18n } = ctx
    const { fieldId, evidence, links, ...data } = await request.validateUsing(applyValidator)
    const field = await Field.query().where({ id: fieldId, active: true }).first()
    if (!field) throw fieldError('fieldId', i18n.t('certification.unknown_field'))
    const files = await checkFiles(ctx, evidence)
    const application = await certificationService
      .apply(auth.user!, field, { ...data, links: linksOf(ctx, links) }, files)
      .catch((error) => {
        if (error instanceof AlreadyAppliedError) {
          throw fieldError('fieldId', i18n.t('certification.already_applied'))
        }
        throw error
      })
    session.put(ACTIVE_IDENTITY_KEY, application.identityId)
    session.flash('success', i18n.t('certification.submitted'))
    return response.redirect().toRoute('certification.show', { id: application.id })
  }

  async show({ params, view, bouncer }: HttpContext) {
    const application = await certificationService.detail(params.id).catch(() => notFound())
    await bouncer.with(CertificationPolicy).authorize('view', application)
    return view.render('identity/certification/show', { application })
  }

  async resubmit(ctx: HttpContext) {
    const { params, request, response, session, bouncer, i18n } = ctx
    const application = await certificationService.detail(params.id).catch(() => notFound())
    await bouncer.with(CertificationPolicy).authorize('resubmit', application)
    const { evidence, links, ...data } = await request.validateUsing(resubmitValidator)
    if (application.evidence.length + (evidence?.length ?? 0) > 10) {
      throw fieldError('evidence', i18n.t('certification.too_many_files'))
    }
    const files = await checkFiles(ctx, evidence ?? [])
    try {
      await certificationService.resubmit(
        application,
        { ...data, links: linksOf(ctx, links) },
        files
      )
    } catch (error) {
      if (!(error instanceof ApplicationChangedError)) throw error
      session.flash('error', i18n.t('certification.changed'))
      return response.redirect().toRoute('certification.show', { id: application.id })
    }
    session.flash('success', i18n.t('certification.resubmitted'))
    return response.redirect().toRoute('certification.show', { id: application.id })
  }

  /** Evidence is private: only through this route, for the applicant and staff. */
  async evidence({ params, request, response, bouncer }: HttpContext) {
    const file = await CertificationEvidence.find(params.id)
    if (!file) notFound()
    const application = await certificationService.detail(file.applicationId)
    await bouncer.with(CertificationPolicy).authorize('view', application)
    const bytes = Buffer.from(await evidenceStore.read(file.diskKey))
    response.header('Content-Type', file.mime)
    response.header(
      'Content-Disposition',
      `${file.isPdf ? 'attachment' : 'inline'}; filename="evidence-${file.id}"`
    )
    response.header('Cache-Control', 'private, no-store')
    response.header('X-Content-Type-Options', 'nosniff')
    response.header('Accept-Ranges', 'bytes')
    // videos play inline and seek with range requests
    const range = parseByteRange(request.header('range'), bytes.length)
    if (range === 'unsatisfiable') {
      response.header('Content-Range', `bytes */${bytes.length}`)
      return response.status(416).send('')
    }
    if (range) {
      response.header('Content-Range', `bytes ${range.start}-${range.end}/${bytes.length}`)
      return response.status(206).send(bytes.subarray(range.start, range.end + 1))
    }
    return response.send(bytes)
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import Field from '#identity/models/field'
import { fieldPageSections } from '#identity/page_sections'
import { identityService } from '#identity/services/identity_service'
import { ACTIVE_IDENTITY_KEY } from '#identity/middleware/current_user_middleware'

export default class FieldsController {
  /** Public field page: its introduction, then each module's sections (page_sections.ts). */
  async show({ params, view, auth }: HttpContext) {
    const field = await Field.query().where({ slug: params.slug, active: true }).firstOrFail()
    const sections = await fieldPageSections.render({
      field: { id: field.id, slug: field.slug, nameZh: field.nameZh, nameEn: field.nameEn },
      viewerId: auth.user?.id ?? null,
    })
    return view.render('identity/fields/show', { field, sections })
  }

  /** One click: become an apprentice in this field, and act as that apprentice right away. */
  async becomeApprentice({ params, response, session, auth, i18n }: HttpContext) {
    const field = await Field.query().where({ slug: params.slug, active: true }).firstOrFail()
    const identity = await identityService.becomeApprentice(auth.user!, field)
    session.put(ACTIVE_IDENTITY_KEY, identity.id)
    const name = i18n.locale === 'en' ? field.nameEn : field.nameZh
    session.flash('success', i18n.t('identity.became_apprentice', { field: name }))
    return response.redirect().toRoute('dashboard')
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import type Field from '#identity/models/field'
import { fieldAdminService } from '#identity/services/field_admin_service'
import { createFieldValidator, updateFieldValidator } from '#identity/validators/field_validators'

const nameOf = (field: Field, locale: string) => (locale === 'en' ? field.nameEn : field.nameZh)

/** The admin side of the field catalogue; every action is for admins only (FieldPolicy). */
export default class AdminFieldsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const fields = await fieldAdminService.list()
    return view.render('identity/admin/fields/index', { fields })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    return view.render('identity/admin/fields/form', { field: null })
  }

  async store({ request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const data = await request.validateUsing(createFieldValidator)
    const field = await fieldAdminService.create(data)
    session.flash('success', i18n.t('admin.fields.created', { name: nameOf(field, i18n.locale) }))
    return response.redirect().toRoute('admin.fields.index')
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const field = await fieldAdminService.find(params.id)
    return view.render('identity/admin/fields/form', { field })
  }

  async update({ params, request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const field = await fieldAdminService.find(params.id)
    const changes = await request.validateUsing(updateFieldValidator, {
      meta: { fieldId: field.id },
    })
    await fieldAdminService.update(field, changes)
    session.flash('success', i18n.t('admin.fields.updated', { name: nameOf(field, i18n.locale) }))
    return response.redirect().toRoute('admin.fields.index')
  }

  async toggle({ params, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const field = await fieldAdminService.toggle(await fieldAdminService.find(params.id))
    const message = field.active ? 'admin.fields.activated' : 'admin.fields.deactivated'
    session.flash('success', i18n.t(message, { name: nameOf(field, i18n.locale) }))
    return response.redirect().toRoute('admin.fields.index')
  }
}

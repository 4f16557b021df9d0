import type { HttpContext } from '@adonisjs/core/http'
import type { Infer } from '@vinejs/vine/types'
import Field from '#identity/models/field'
import { fieldCatalogue } from '#identity/services/field_catalogue'
import { fieldCoverStore } from '#identity/services/field_cover_store'
import { createFieldValidator, updateFieldValidator } from '#identity/validators/field_validators'
import { notFound } from '#shared/errors/not_found'

type FieldForm = Infer<typeof createFieldValidator>

/** The admin side of the field catalogue; every action is for admins only (FieldPolicy). */
export default class AdminFieldsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const fields = await Field.query().orderBy('sort_order').orderBy('id')
    return view.render('identity/admin/fields/index', { fields })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    return view.render('identity/admin/fields/form', { field: null })
  }

  async store({ request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const { cover, ...data } = await request.validateUsing(createFieldValidator)
    const coverKey = cover ? await fieldCoverStore.save(cover.tmpPath!) : null
    const field = await Field.create({ ...details(data), slug: data.slug, coverKey, active: true })
    fieldCatalogue.forget()
    session.flash('success', i18n.t('admin.fields.created', { name: nameOf(field, i18n.locale) }))
    return response.redirect().toRoute('admin.fields.index')
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const field = await findField(params.id)
    return view.render('identity/admin/fields/form', { field })
  }

  async update({ params, request, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const field = await findField(params.id)
    const { cover, removeCover, ...data } = await request.validateUsing(updateFieldValidator, {
      meta: { fieldId: field.id },
    })
    const oldCover = field.coverKey
    if (cover) field.coverKey = await fieldCoverStore.save(cover.tmpPath!)
    else if (removeCover) field.coverKey = null
    field.merge({ ...details(data), slug: data.slug })
    await field.save()
    // the old file goes only once nothing points at it any more
    if (oldCover && oldCover !== field.coverKey) await fieldCoverStore.remove(oldCover)
    fieldCatalogue.forget()
    session.flash('success', i18n.t('admin.fields.updated', { name: nameOf(field, i18n.locale) }))
    return response.redirect().toRoute('admin.fields.index')
  }

  async toggle({ params, response, session, bouncer, i18n }: HttpContext) {
    await bouncer.with('FieldPolicy').authorize('manage')
    const field = await findField(params.id)
    field.active = !field.active
    await field.save()
    fieldCatalogue.forget()
    const message = field.active ? 'admin.fields.activated' : 'admin.fields.deactivated'
    session.flash('success', i18n.t(message, { name: nameOf(field, i18n.locale) }))
    return response.redirect().toRoute('admin.fields.index')
  }
}

function details(data: Omit<FieldForm, 'cover' | 'slug'>) {
  return {
    nameZh: data.nameZh,
    nameEn: data.nameEn,
    descriptionZh: data.descriptionZh ?? '',
    descriptionEn: data.descriptionEn ?? '',
    sortOrder: data.sortOrder,
  }
}

const nameOf = (field: Field, locale: string) => (locale === 'en' ? field.nameEn : field.nameZh)

/** Ids come from the URL: anything but a positive integer is simply not a field. */
async function findField(id: string) {
  const numeric = Number(id)
  if (!Number.isSafeInteger(numeric) || numeric < 1) notFound()
  return (await Field.find(numeric)) ?? notFound()
}

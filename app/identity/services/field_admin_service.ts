import type { Infer } from '@vinejs/vine/types'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import Field from '#identity/models/field'
import { fieldCatalogue } from '#identity/services/field_catalogue'
import { fieldCoverStore } from '#identity/services/field_cover_store'
import type {
  createFieldValidator,
  updateFieldValidator,
} from '#identity/validators/field_validators'
import { notFound } from '#shared/errors/not_found'

type NewField = Infer<typeof createFieldValidator>
type FieldChanges = Infer<typeof updateFieldValidator>

function details(data: Omit<NewField, 'cover' | 'slug'>) {
  return {
    nameZh: data.nameZh,
    nameEn: data.nameEn,
    descriptionZh: data.descriptionZh ?? '',
    descriptionEn: data.descriptionEn ?? '',
    sortOrder: data.sortOrder,
  }
}

/** A cover upload, checked by content and re-encoded (InvalidImageError → the form's cover field). */
const saveCover = (cover: MultipartFile) => fieldCoverStore.save(cover.tmpPath!)

/**
 * The admin side of the field catalogue (admins only: FieldPolicy): fields
 * are added, edited (with their cover) and switched on or off; the public
 * list forgets what it cached each time.
 */
export const fieldAdminService = {
  list() {
    return Field.query().orderBy('sort_order').orderBy('id')
  },

  /** Ids come from the URL: anything but a positive integer is simply not a field. */
  async find(id: string | number) {
    const numeric = Number(id)
    if (!Number.isSafeInteger(numeric) || numeric < 1) notFound()
    return (await Field.find(numeric)) ?? notFound()
  },

  async create({ cover, ...data }: NewField) {
    const coverKey = cover ? await saveCover(cover) : null
    const field = await Field.create({ ...details(data), slug: data.slug, coverKey, active: true })
    fieldCatalogue.forget()
    return field
  },

  async update(field: Field, { cover, removeCover, ...data }: FieldChanges) {
    const oldCover = field.coverKey
    if (cover) field.coverKey = await saveCover(cover)
    else if (removeCover) field.coverKey = null
    field.merge({ ...details(data), slug: data.slug })
    await field.save()
    // the old file goes only once nothing points at it any more
    if (oldCover && oldCover !== field.coverKey) await fieldCoverStore.remove(oldCover)
    fieldCatalogue.forget()
    return field
  },

  async toggle(field: Field) {
    field.active = !field.active
    await field.save()
    fieldCatalogue.forget()
    return field
  },
}

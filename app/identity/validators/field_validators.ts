import vine from '@vinejs/vine'

/** Lowercase letters, digits and single hyphens between them: `ceramics`, `tea-ceremony`. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

const slug = () => vine.string().trim().minLength(2).maxLength(60).regex(SLUG)

const details = {
  nameZh: vine.string().trim().minLength(1).maxLength(60),
  nameEn: vine.string().trim().minLength(1).maxLength(60),
  descriptionZh: vine.string().trim().maxLength(300).optional(),
  descriptionEn: vine.string().trim().maxLength(300).optional(),
  sortOrder: vine.number().withoutDecimals().range([0, 9999]),
  // the content is checked again (and re-encoded) by fieldCoverStore
  cover: vine.file({ size: '2mb', extnames: ['jpg', 'jpeg', 'png', 'webp'] }).optional(),
}

export const createFieldValidator = vine.create({
  slug: slug().unique({ table: 'fields', column: 'slug' }),
  ...details,
})

/** The slug stays unique, except against the field being edited. */
export const updateFieldValidator = vine.withMetaData<{ fieldId: number }>().create({
  slug: slug().unique({
    table: 'fields',
    column: 'slug',
    filter: (query, _value, field) => {
      query.whereNot('id', field.meta.fieldId)
    },
  }),
  ...details,
  removeCover: vine.boolean().optional(),
})

import vine from '@vinejs/vine'

/** The "mark read" buttons of the notifications page: where to come back to. */
export const markReadValidator = vine.create({
  back: vine.string().maxLength(2000).optional(),
  /** sent by the notification's own text: go on to its link rather than back */
  open: vine.boolean().optional(),
})

/** `?page=` of the list: anything that is not a page number reads as the first page. */
export function pageNumber(value: unknown) {
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1
  return Math.max(1, page)
}

/** The live bell reports what it showed: everything up to this id was seen. */
export const seenValidator = vine.create({
  upTo: vine.number().withoutDecimals().min(1).max(Number.MAX_SAFE_INTEGER),
})

const channels = vine.object({
  inApp: vine.boolean().optional(),
  email: vine.boolean().optional(),
})

/**
 * The preferences form: per topic, two checkboxes (unchecked boxes are not
 * sent). Topic names come from the registry; the controller reads only the
 * topics it offers.
 */
export const preferencesValidator = vine.create({
  topics: vine.record(channels).optional(),
})

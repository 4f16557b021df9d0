import vine from '@vinejs/vine'

/** The "mark read" buttons of the notifications page: where to come back to. */
export const markReadValidator = vine.create({
  back: vine.string().maxLength(2000).optional(),
})

/** `?page=` of the list: anything that is not a page number reads as the first page. */
export function pageNumber(value: unknown) {
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1
  return Math.max(1, page)
}

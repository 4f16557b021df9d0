import vine, { errors } from '@vinejs/vine'
import { COURSE_LANGUAGES, COURSE_LEVELS } from '#courses/models/course'
import { MAX_SEARCH_LENGTH } from '#courses/services/course_search'

export const CATALOGUE_SORTS = ['popular', 'newest', 'rating'] as const
export const PRICE_FILTERS = ['free', 'paid'] as const
/** The minimum ratings the filter offers. */
export const RATING_FILTERS = [3, 3.5, 4, 4.5] as const
/** Further pages than this are refused (nobody pages that far; a crawler should not either). */
export const MAX_CATALOGUE_PAGE = 500

/** The catalogue's query string: every part optional. */
export const catalogueQueryValidator = vine.create({
  q: vine.string().trim().maxLength(MAX_SEARCH_LENGTH).optional(),
  field: vine
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional(),
  level: vine.enum(COURSE_LEVELS).optional(),
  price: vine.enum(PRICE_FILTERS).optional(),
  rating: vine.enum(RATING_FILTERS.map(String)).optional(),
  language: vine.enum(COURSE_LANGUAGES).optional(),
  sort: vine.enum(CATALOGUE_SORTS).optional(),
  page: vine.number().withoutDecimals().min(1).max(MAX_CATALOGUE_PAGE).optional(),
})

export type CatalogueQuery = Awaited<ReturnType<typeof catalogueQueryValidator.validate>>

/**
 * The filters of a catalogue address. The form offers only valid values, so
 * a wrong one was typed or edited into the address: that part is dropped
 * (the catalogue shows as if it were absent) rather than refusing a page a
 * visitor may have been sent; empty parts (an unchosen select) mean "any".
 */
export async function catalogueQuery(qs: Record<string, unknown>): Promise<CatalogueQuery> {
  const input: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(qs)) {
    if (value !== '' && value !== undefined) input[key] = value
  }
  // a longer search is cut, not refused: its start is what matters
  if (typeof input.q === 'string') input.q = input.q.trim().slice(0, MAX_SEARCH_LENGTH)
  try {
    return await catalogueQueryValidator.validate(input)
  } catch (error) {
    if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
    for (const message of error.messages as { field: string }[]) {
      delete input[message.field.split('.')[0]]
    }
    return catalogueQueryValidator.validate(input)
  }
}

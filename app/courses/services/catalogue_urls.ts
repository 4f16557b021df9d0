import { fieldCatalogue } from '#identity/index'
import { COURSE_LANGUAGES, COURSE_LEVELS } from '#courses/models/course'
import { CATALOGUE_PATH } from '#courses/services/course_pages'
import {
  CATALOGUE_SORTS,
  PRICE_FILTERS,
  RATING_FILTERS,
  type CatalogueQuery,
} from '#courses/validators/catalogue_validators'

/** The parts of a catalogue address, in the order they are written. */
const PARTS = ['q', 'field', 'level', 'price', 'rating', 'language', 'sort', 'page'] as const

/**
 * The catalogue's address for these filters: parts in one order, empty ones
 * and page 1 left out, so one state has one address (the unfiltered one is
 * `/courses`, the one the page cache keeps).
 */
export function catalogueUrl(filters: CatalogueQuery, overrides: Partial<CatalogueQuery> = {}) {
  const all: Partial<CatalogueQuery> = { ...filters, ...overrides }
  const search = new URLSearchParams()
  for (const part of PARTS) {
    const value = all[part]
    if (value === undefined || value === null || value === '') continue
    if (part === 'page' && Number(value) <= 1) continue
    search.set(part, String(value))
  }
  const query = search.toString()
  return query ? `${CATALOGUE_PATH}?${query}` : CATALOGUE_PATH
}

/** What the filter form offers (labels come from the translations). */
export async function catalogueFilters() {
  return {
    fields: await fieldCatalogue.active(),
    levels: COURSE_LEVELS,
    languages: COURSE_LANGUAGES,
    prices: PRICE_FILTERS,
    ratings: RATING_FILTERS.map(String),
    sorts: CATALOGUE_SORTS,
  }
}

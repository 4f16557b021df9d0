import { fieldCatalogue, type FieldSummary } from '#identity/index'
import Course from '#courses/models/course'
import { courseSearch } from '#courses/services/course_search'
import { courseCards, type CourseCard } from '#courses/services/course_cards'
import type { CatalogueQuery } from '#courses/validators/catalogue_validators'

export const CATALOGUE_PAGE_SIZE = 12

export type CataloguePage = {
  courses: CourseCard[]
  total: number
  page: number
  lastPage: number
  /** the field the address names, when it names an active one */
  field: FieldSummary | null
  /** the order shown: a search without a chosen order is by relevance */
  sort: NonNullable<CatalogueQuery['sort']> | 'relevance'
}

/** Published courses only: a draft is its master's, an archived course its learners'. */
export function listedCourses() {
  return Course.query().where('courses.status', 'published')
}

/**
 * The catalogue (课程目录): published courses, all fields or one, filtered,
 * searched in Chinese or English, ordered and paged.
 */
export const catalogue = {
  async page(filters: CatalogueQuery): Promise<CataloguePage> {
    const query = listedCourses()
    let field: FieldSummary | null = null
    if (filters.field) {
      const fields = await fieldCatalogue.active()
      field = fields.find(({ slug }) => slug === filters.field) ?? null
      // a field that is not (or no longer) open has no courses to show
      query.where('courses.field_id', field?.id ?? 0)
    }
    if (filters.level) query.where('courses.level', filters.level)
    if (filters.language) query.where('courses.language', filters.language)
    if (filters.price === 'free') query.where('courses.price_fen', 0)
    if (filters.price === 'paid') query.where('courses.price_fen', '>', 0)
    if (filters.rating) {
      query
        .where('courses.rating_count', '>', 0)
        .whereRaw('courses.rating_sum >= ?::numeric * courses.rating_count', [filters.rating])
    }

    const searched = filters.q ? courseSearch.apply(query, filters.q, !filters.sort) : false
    const sort = filters.sort ?? (searched ? 'relevance' : 'popular')
    if (sort === 'popular') query.orderBy('courses.enrollment_count', 'desc')
    if (sort === 'rating') {
      query
        .orderByRaw('courses.rating_sum::float / NULLIF(courses.rating_count, 0) DESC NULLS LAST')
        .orderBy('courses.rating_count', 'desc')
    }
    query.orderBy('courses.published_at', 'desc').orderBy('courses.id', 'desc')

    const result = await query.paginate(filters.page ?? 1, CATALOGUE_PAGE_SIZE)
    return {
      courses: await courseCards(result.all()),
      total: result.total,
      page: result.currentPage,
      lastPage: Math.max(1, result.lastPage),
      field,
      sort,
    }
  },

  /** A field's or a master's newest published courses, for their pages' sections. */
  async newest(where: { fieldId?: number; masterIdentityIds?: number[] }, limit = 6) {
    const query = listedCourses()
    if (where.fieldId) query.where('courses.field_id', where.fieldId)
    if (where.masterIdentityIds)
      query.whereIn('courses.master_identity_id', where.masterIdentityIds)
    const rows = await query
      .orderBy('courses.published_at', 'desc')
      .orderBy('courses.id', 'desc')
      .limit(limit)
    return courseCards(rows)
  },
}

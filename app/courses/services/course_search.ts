import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { identityDirectory } from '#identity/index'
import type Course from '#courses/models/course'
import { documentText, searchQuery } from '#courses/services/search_words'

type Client = TransactionClientContract | typeof db

/** What the catalogue's search box may hold; the rest is cut off. */
export const MAX_SEARCH_LENGTH = 100

/** The columns whose text is in a course's search vector: a save that changes one reindexes. */
export const SEARCHED_COLUMNS = [
  'title',
  'subtitle',
  'outcomes',
  'description',
  'masterIdentityId',
] as const

/**
 * Course search (课程搜索): PostgreSQL full text over words segmented here
 * (search_words.ts) in `courses.search_vector` — the title weighs most (A),
 * then subtitle, "what you will learn" and the master's name (B), then the
 * description (C) — and pg_trgm word similarity on titles for spellings the
 * words miss ("glaze" finds "Glazing basics").
 */
export const courseSearch = {
  /** Writes a course's search vector from its current text (the Course hooks call it). */
  async reindex(courseId: number, client: Client = db) {
    const course = await client
      .from('courses')
      .where('id', courseId)
      .select('title', 'subtitle', 'outcomes', 'description', 'master_identity_id')
      .first()
    if (!course) return
    const master = await identityDirectory.card(course.master_identity_id)
    const outcomes = Array.isArray(course.outcomes) ? course.outcomes.join('\n') : ''
    const title = documentText(course.title)
    const secondary = documentText(
      [course.subtitle, outcomes, master?.displayName ?? ''].join('\n')
    )
    const description = documentText(course.description)
    await client
      .from('courses')
      .where('id', courseId)
      .update({
        search_vector: client.raw(
          `setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'C')`,
          [title, secondary, description]
        ),
      })
  },

  /**
   * Keeps the courses matching what a visitor typed and, unless `ranked` is
   * false, orders them best match first. False when the text holds nothing
   * to search for (the query is left alone).
   */
  apply(query: ModelQueryBuilderContract<typeof Course>, text: string, ranked = true) {
    const typed = text.trim().slice(0, MAX_SEARCH_LENGTH)
    if (!typed) return false
    const tsquery = searchQuery(typed)
    query.where((matching) => {
      if (tsquery) matching.whereRaw(`courses.search_vector @@ to_tsquery('simple', ?)`, [tsquery])
      // pg_trgm's word similarity (operator <%, served by courses_title_trgm)
      matching.orWhereRaw('? <% courses.title', [typed])
    })
    if (ranked) {
      query.orderByRaw(
        tsquery
          ? `ts_rank(courses.search_vector, to_tsquery('simple', ?)) + word_similarity(?, courses.title) DESC`
          : 'word_similarity(?, courses.title) DESC',
        tsquery ? [tsquery, typed] : [typed]
      )
    }
    return true
  },
}

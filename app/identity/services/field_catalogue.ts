import Field from '#identity/models/field'

export type FieldSummary = Pick<
  Field,
  'id' | 'slug' | 'nameZh' | 'nameEn' | 'descriptionZh' | 'descriptionEn' | 'coverKey'
>

/**
 * The public field list changes only when an admin edits it, yet it is on
 * the home page: keep it in memory for a short while.
 */
const TTL_MS = 30_000
let cached: { at: number; fields: FieldSummary[] } | undefined

export const fieldCatalogue = {
  async active(): Promise<FieldSummary[]> {
    if (cached && Date.now() - cached.at < TTL_MS) return cached.fields
    const rows = await Field.query().where('active', true).orderBy('sort_order').orderBy('id')
    const fields = rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      descriptionZh: row.descriptionZh,
      descriptionEn: row.descriptionEn,
      coverKey: row.coverKey,
    }))
    cached = { at: Date.now(), fields }
    return fields
  },

  forget() {
    cached = undefined
  },
}

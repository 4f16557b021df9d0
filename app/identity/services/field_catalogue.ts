import Field from '#identity/models/field'
import { versionedCache } from '#shared/cache/versioned_cache'

export type FieldSummary = Pick<
  Field,
  'id' | 'slug' | 'nameZh' | 'nameEn' | 'descriptionZh' | 'descriptionEn' | 'coverKey'
>

type CatalogueEntry = FieldSummary & { active: boolean }

/**
 * Every field (active or not: an identity may be in a field an admin has
 * since switched off), in catalogue order. It changes only when an admin
 * edits it, yet the home page lists it and every signed-in page names the
 * fields of the user's identities: cached for every instance, reloaded once
 * a field is saved (Field's hooks call `forget`).
 */
const catalogue = versionedCache<CatalogueEntry[]>('fields')

async function loadAll(): Promise<CatalogueEntry[]> {
  const rows = await Field.query().orderBy('sort_order').orderBy('id')
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    descriptionZh: row.descriptionZh,
    descriptionEn: row.descriptionEn,
    coverKey: row.coverKey,
    active: row.active,
  }))
}

function summary(entry: CatalogueEntry): FieldSummary {
  const { active, ...field } = entry
  return field
}

/** The cached list is one object until it is reloaded: its index is built once. */
const indexes = new WeakMap<CatalogueEntry[], Map<number, FieldSummary>>()

export const fieldCatalogue = {
  /** The fields visitors may see, in catalogue order. */
  async active(): Promise<FieldSummary[]> {
    const all = await catalogue.get('all', loadAll)
    return all.filter((field) => field.active).map(summary)
  },

  /** Any field by id, active or not. */
  async byId(): Promise<ReadonlyMap<number, FieldSummary>> {
    const all = await catalogue.get('all', loadAll)
    let index = indexes.get(all)
    if (!index) {
      index = new Map(all.map((field) => [field.id, summary(field)]))
      indexes.set(all, index)
    }
    return index
  },

  /** A field was created or changed: every instance reloads the catalogue. */
  forget(trx?: Parameters<typeof catalogue.bumpAfterCommit>[1]) {
    return catalogue.bumpAfterCommit('all', trx)
  },
}

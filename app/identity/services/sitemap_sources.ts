import db from '@adonisjs/lucid/services/db'
import { urlFor } from '@adonisjs/core/services/url_builder'
import type { SitemapSource } from '#shared/http/sitemap'

/** Every active field's page. */
export const fieldPages: SitemapSource = {
  name: 'fields',
  order: 10,
  async entries() {
    const rows = await db
      .from('fields')
      .where('active', true)
      .orderBy('sort_order')
      .select('slug', 'updated_at')
    return rows.map((row) => ({
      path: urlFor('fields.show', { slug: row.slug }),
      lastModified: row.updated_at,
    }))
  },
}

/** The profiles of certified masters (the ones a field page lists). */
export const masterProfiles: SitemapSource = {
  name: 'master profiles',
  order: 20,
  async entries() {
    const rows = await db
      .from('users')
      .whereExists((query) =>
        query
          .from('identities')
          .whereColumn('identities.user_id', 'users.id')
          .where({ 'identities.role': 'master', 'identities.status': 'certified' })
      )
      .orderBy('users.id')
      .select('users.id', 'users.updated_at')
    return rows.map((row) => ({
      path: urlFor('profiles.show', { id: row.id }),
      lastModified: row.updated_at,
    }))
  },
}

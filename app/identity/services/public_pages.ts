import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { pagePurge } from '#shared/http/page_purge'

type Client = TransactionClientContract | typeof db

/**
 * Identity's public pages in the anonymous page cache (#shared/http/page_cache):
 * the home page, field pages and profiles. What shows on them changes here
 * (identity_changes.ts) or in a module that adds a section to them: that
 * module purges the page through these, once its change is committed.
 */
export const publicPages = {
  profilePath: (userId: number) => `/users/${userId}`,
  fieldPath: (slug: string) => `/fields/${slug}`,

  /** A user's public profile (name, avatar, bio, identities, works, other modules' sections). */
  profile(userId: number, trx?: TransactionClientContract | null) {
    return pagePurge.purgeAfterCommit([this.profilePath(userId)], trx)
  },

  /** A field's page (its introduction, masters, other modules' sections). */
  field(slug: string, trx?: TransactionClientContract | null) {
    return pagePurge.purgeAfterCommit([this.fieldPath(slug)], trx)
  },

  /** The paths that show a user: the profile, and the pages of fields they are a certified master of. */
  async showingUser(userId: number, client: Client = db) {
    const rows = await client
      .from('identities')
      .join('fields', 'fields.id', 'identities.field_id')
      .where({ 'identities.user_id': userId, 'identities.role': 'master' })
      .where('identities.status', 'certified')
      .select('fields.slug')
    return [this.profilePath(userId), ...rows.map((row) => this.fieldPath(row.slug))]
  },

  /** Every page that shows a field's name: the home page, its page, every profile. */
  showingField(slugs: Iterable<string>) {
    return ['/', ...[...slugs].map((slug) => this.fieldPath(slug)), '/users/']
  },

  purge(paths: Iterable<string>, trx?: TransactionClientContract | null) {
    return pagePurge.purgeAfterCommit(paths, trx)
  },
}

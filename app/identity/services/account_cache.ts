import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#identity/models/user'
import type { IdentityRole, IdentityStatus } from '#identity/models/identity'
import { versionedCache } from '#shared/cache/versioned_cache'

/** An identity as the account keeps it; field names come from the field catalogue. */
export type AccountIdentity = {
  id: number
  role: IdentityRole
  status: IdentityStatus
  headline: string | null
  fieldId: number
  /** A master identity's latest certification application (earlier, rejected ones are its history). */
  applicationId: number | null
}

/** The user's row (without the password hash; dates as ISO strings) and identities. */
type CachedAccount = { row: Record<string, unknown>; identities: AccountIdentity[] }

/**
 * A signed-in request needs the user and its identities (header switcher,
 * `ctx.identity`): one query, then cached for every instance until the
 * account changes. User and Identity saves say so through their model
 * hooks; the few raw writes to `identities` call `changed` themselves.
 *
 * The session itself is still read from its store on every request: a
 * revoked session or a ban (sessions ended) takes effect at once, whatever
 * is cached here.
 */
const accounts = versionedCache<CachedAccount | null>('account')

const LOAD = `
  SELECT u.*, coalesce((
    SELECT json_agg(json_build_object(
             'id', i.id, 'role', i.role, 'status', i.status,
             'headline', i.headline, 'fieldId', i.field_id,
             'applicationId', (SELECT max(ca.id) FROM certification_applications ca
                                WHERE ca.identity_id = i.id))
           ORDER BY i.created_at, i.id)
      FROM identities i WHERE i.user_id = u.id), '[]'::json) AS identities
    FROM users u WHERE u.id = ?`

async function load(userId: number): Promise<CachedAccount | null> {
  const { rows } = await db.rawQuery(LOAD, [userId])
  if (!rows.length) return null
  const { identities, ...row } = rows[0]
  delete row.password
  // the same shape from memory or from Redis (JSON): dates as strings
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Date) row[key] = value.toISOString()
  }
  return { row, identities }
}

let dateColumns: string[] | undefined
/** The users columns Lucid consumes as dates (it parses strings as SQL, not ISO). */
function datesOf(row: Record<string, unknown>) {
  dateColumns ??= [...User.$columnsDefinitions.values()]
    .filter((column) => ['date', 'datetime'].includes(column.meta?.type))
    .map((column) => column.columnName)
  const copy = { ...row }
  for (const column of dateColumns) {
    if (typeof copy[column] === 'string') copy[column] = new Date(copy[column] as string)
  }
  return copy
}

/** The identities of the user models made here, for the same request. */
const identitiesOfUser = new WeakMap<User, AccountIdentity[]>()

export const accountCache = {
  /** A fresh User model (its own to change and save) and its identities; null: no such user. */
  async find(userId: number): Promise<{ user: User; identities: AccountIdentity[] } | null> {
    if (!Number.isSafeInteger(userId) || userId < 1) return null
    const account = await accounts.get(userId, () => load(userId))
    if (!account) return null
    const user = User.$createFromAdapterResult(datesOf(account.row))!
    identitiesOfUser.set(user, account.identities)
    return { user, identities: account.identities }
  },

  /** The identities of a user, cached. */
  async identitiesOf(userOrId: User | number): Promise<AccountIdentity[]> {
    if (typeof userOrId !== 'number') {
      const known = identitiesOfUser.get(userOrId)
      if (known) return known
    }
    const userId = typeof userOrId === 'number' ? userOrId : userOrId.id
    const account = await accounts.get(userId, () => load(userId))
    return account?.identities ?? []
  },

  /** These users' rows or identities changed (pass the transaction to wait for its commit). */
  changed(userIds: number | Iterable<number>, trx?: TransactionClientContract | null) {
    return accounts.bumpAfterCommit(userIds, trx)
  },
}

import db from '@adonisjs/lucid/services/db'
import { ledger } from '#payments/services/ledger'

/**
 * A master identity's pending or available earnings as the master reads
 * them: the ledger keeps them as credits (negative), this is what is owed
 * (positive; `0 - x`, never a "-0" on the page).
 */
export async function earningsOf(kind: 'master_pending' | 'master_available', identityId: number) {
  return 0 - (await ledger.balance({ kind, ownerIdentityId: identityId }))
}

/** Both at once, in one query (the dashboard's card, on every dashboard view of a master). */
export async function earningsBoth(identityId: number, currency = 'CNY') {
  const rows = await db
    .from('ledger_accounts')
    .where({ owner_identity_id: identityId, currency })
    .whereIn('kind', ['master_pending', 'master_available'])
    .select('kind', 'balance')
  const owed = (kind: string) => 0 - Number(rows.find((row) => row.kind === kind)?.balance ?? 0)
  return { pending: owed('master_pending'), available: owed('master_available') }
}

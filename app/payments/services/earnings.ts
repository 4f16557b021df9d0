import { ledger } from '#payments/services/ledger'

/**
 * A master identity's pending or available earnings as the master reads
 * them: the ledger keeps them as credits (negative), this is what is owed
 * (positive; `0 - x`, never a "-0" on the page).
 */
export async function earningsOf(kind: 'master_pending' | 'master_available', identityId: number) {
  return 0 - (await ledger.balance({ kind, ownerIdentityId: identityId }))
}

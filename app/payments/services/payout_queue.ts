import { identityDirectory, userDirectory } from '#identity/index'
import Payout, { type PayoutStatus } from '#payments/models/payout'
import { payoutService } from '#payments/services/payout_service'

export const QUEUE_STATUSES: PayoutStatus[] = [
  'requested',
  'approved',
  'paid',
  'rejected',
  'cancelled',
]

/** Payouts shown per status tab (the oldest waiting first; decided ones newest first). */
const PER_PAGE = 50

/** An account number as the queue lists it: its last 4 characters ("•••• 0123"). */
export function maskedAccount(account: string) {
  return account.length > 4 ? `•••• ${account.slice(-4)}` : '••••'
}

/**
 * The admin's payout queue (提现审核): the payouts of one status with their
 * master, where the money goes (decrypted here, for admins only; the number
 * masked in the list) and each one's audit trail with who did what.
 */
export const payoutQueue = {
  async list(status: PayoutStatus) {
    const waiting = status === 'requested' || status === 'approved'
    const payouts = await Payout.query()
      .where('status', status)
      .orderBy('id', waiting ? 'asc' : 'desc')
      .limit(PER_PAGE)
      .preload('events', (query) => query.orderBy('id'))
    const masters = await identityDirectory.cards(payouts.map((p) => p.masterIdentityId))
    const actorIds = payouts.flatMap((p) => p.events.map((e) => e.actorUserId ?? 0))
    const actors = await userDirectory.cards(actorIds)
    return payouts.map((payout) => {
      const details = payoutService.detailsOf(payout)
      return {
        payout,
        master: masters.get(payout.masterIdentityId) ?? null,
        details,
        // the whole number only when the admin opens the payout's details
        maskedAccount: details ? maskedAccount(details.account) : null,
        trail: payout.events.map((event) => ({
          event,
          actor: event.actorUserId ? (actors.get(event.actorUserId)?.displayName ?? null) : null,
        })),
      }
    })
  },

  /** How many wait in each status, for the tabs. */
  async counts() {
    const rows = await Payout.query().groupBy('status').select('status').count('* as total')
    const counts = Object.fromEntries(QUEUE_STATUSES.map((status) => [status, 0]))
    for (const row of rows) counts[row.status] = Number(row.$extras.total)
    return counts as Record<PayoutStatus, number>
  },
}

import { identityDirectory, userDirectory } from '#identity/index'
import Payout, { type PayoutStatus } from '#payments/models/payout'
import { payoutService } from '#payments/services/payout_service'

export const QUEUE_STATUSES: PayoutStatus[] = ['requested', 'approved', 'paid', 'rejected']

/** Payouts shown per status tab (the oldest waiting first; decided ones newest first). */
const PER_PAGE = 50

/**
 * The admin's payout queue (提现审核): the payouts of one status with their
 * master, where the money goes (decrypted here, for admins only) and each
 * one's audit trail with who did what.
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
    return payouts.map((payout) => ({
      payout,
      master: masters.get(payout.masterIdentityId) ?? null,
      details: payoutService.detailsOf(payout),
      trail: payout.events.map((event) => ({
        event,
        actor: event.actorUserId ? (actors.get(event.actorUserId)?.displayName ?? null) : null,
      })),
    }))
  },

  /** How many wait in each status, for the tabs. */
  async counts() {
    const rows = await Payout.query().groupBy('status').select('status').count('* as total')
    const counts = Object.fromEntries(QUEUE_STATUSES.map((status) => [status, 0]))
    for (const row of rows) counts[row.status] = Number(row.$extras.total)
    return counts as Record<PayoutStatus, number>
  },
}

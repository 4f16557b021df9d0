import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import paymentsConfig from '#config/payments'
import { identityDirectory } from '#identity/index'
import { notificationService } from '#realtime/index'
import Payout, { type PayoutStatus } from '#payments/models/payout'
import PayoutEvent, { type PayoutAction } from '#payments/models/payout_event'
import { ledger, type LedgerAccount, type Posting } from '#payments/services/ledger'
import { formatMoney, plainYuan } from '#payments/services/money'
import { earningsOf } from '#payments/services/earnings'
import {
  InsufficientEarningsError,
  NotCertifiedMasterError,
  OwnPayoutError,
  PayoutBelowMinimumError,
  PayoutChangedError,
  PayoutNotCancellableError,
} from '#payments/payout_errors'

export type PayoutMethod = 'alipay' | 'bank'
export const PAYOUT_METHODS: PayoutMethod[] = ['alipay', 'bank']

/** Where the money goes. Encrypted at rest; admins read it, nothing logs it. */
export type PayoutDetails = { accountName: string; account: string; method: PayoutMethod }

/** Who asks: the signed-in user and the master identity they act as. */
export type PayoutRequester = { userId: number; identityId: number }

type Staff = { id: number }

const available = (identityId: number): LedgerAccount => ({
  kind: 'master_available',
  ownerIdentityId: identityId,
})

/** The amount back to the master's available earnings: a rejection, or the master's cancellation. */
const backToAvailable =
  (kind: 'payout.rejected' | 'payout.cancelled') =>
  (payout: Payout): Posting => ({
    kind,
    reference: String(payout.id),
    currency: payout.currency,
    entries: [
      { account: { kind: 'payouts' }, amount: payout.amount },
      { account: available(payout.masterIdentityId), amount: -payout.amount },
    ],
  })

/** The accounts' `balance <= 0` CHECK: what a master has cannot be taken twice. */
const overdraws = (error: any) =>
  error?.code === '23514' && error?.constraint === 'ledger_accounts_earnings_not_negative'

const availableEarnings = (identityId: number) => earningsOf('master_available', identityId)

async function audit(
  payoutId: number,
  action: PayoutAction,
  actorUserId: number | null,
  note: string | null,
  trx: TransactionClientContract
) {
  await PayoutEvent.create({ payoutId, action, actorUserId, note }, { client: trx })
}

/** The master's notification of a step, in the step's transaction. */
async function tellMaster(
  payout: Pick<Payout, 'masterIdentityId' | 'amount' | 'currency'>,
  step: PayoutAction,
  trx: TransactionClientContract,
  extra: Record<string, string> = {}
) {
  const master = await identityDirectory.card(payout.masterIdentityId)
  if (!master) return
  await notificationService.notify(
    master.userId,
    `payments.payout_${step}`,
    { amount: formatMoney(payout.amount, 'zh-CN', payout.currency), url: '/income', ...extra },
    trx
  )
}

/**
 * A staff step: the payout moves from one of `from` to `to` only if it is
 * still there (a conditional UPDATE: of two admins at once, one wins and the
 * other reads PayoutChangedError), with its posting, audit row and
 * notification in the same transaction.
 */
async function decide(
  staff: Staff,
  payoutId: number,
  from: PayoutStatus[],
  to: PayoutStatus,
  options: {
    reason?: string
    /** what the audit row keeps: the reason, or the transfer's reference */
    note?: string | null
    posting?: (payout: Payout) => Posting
  }
) {
  const payout = await Payout.findOrFail(payoutId)
  const master = await identityDirectory.card(payout.masterIdentityId)
  if (master?.userId === staff.id) throw new OwnPayoutError()
  return db.transaction(async (trx) => {
    const now = new Date()
    const moved = await trx
      .from('payouts')
      .where('id', payout.id)
      .whereIn('status', from)
      .update({
        status: to,
        decided_by_user_id: staff.id,
        updated_at: now,
        ...(to === 'paid' ? { paid_at: now } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      })
    if (!moved) throw new PayoutChangedError()
    if (options.posting) await ledger.post(options.posting(payout), trx)
    await audit(payout.id, to, staff.id, options.note ?? options.reason ?? null, trx)
    await tellMaster(payout, to, trx, options.reason ? { reason: options.reason } : {})
    payout.status = to
    return payout
  })
}

/**
 * Payouts (提现): a certified master identity asks for some of its available
 * earnings; an admin approves, marks it paid (the money left the platform)
 * or rejects it with a reason (the money is available again). Each step is
 * one posting (decision 013), one audit row, one notification.
 */
export const payoutService = {
  async request(who: PayoutRequester, amount: number, details: PayoutDetails) {
    const identity = await identityDirectory.card(who.identityId)
    if (
      identity?.userId !== who.userId ||
      identity.role !== 'master' ||
      identity.status !== 'certified'
    ) {
      throw new NotCertifiedMasterError()
    }
    if (!Number.isSafeInteger(amount) || amount < paymentsConfig.payoutMinimum) {
      throw new PayoutBelowMinimumError(plainYuan(paymentsConfig.payoutMinimum))
    }
    const before = await availableEarnings(identity.id)
    if (amount > before) throw new InsufficientEarningsError(plainYuan(before))
    try {
      return await db.transaction(async (trx) => {
        const payout = await Payout.create(
          {
            masterIdentityId: identity.id,
            amount,
            currency: 'CNY',
            status: 'requested',
            detailsEncrypted: encryption.encrypt(details),
          },
          { client: trx }
        )
        await ledger.post(
          {
            kind: 'payout.requested',
            reference: String(payout.id),
            entries: [
              { account: available(identity.id), amount },
              { account: { kind: 'payouts' }, amount: -amount },
            ],
          },
          trx
        )
        await audit(payout.id, 'requested', who.userId, null, trx)
        await tellMaster(payout, 'requested', trx)
        return payout
      })
    } catch (error) {
      // a refund or another payout took the money between the check and the posting
      if (overdraws(error)) {
        throw new InsufficientEarningsError(plainYuan(await availableEarnings(identity.id)))
      }
      throw error
    }
  },

  approve(staff: Staff, payoutId: number) {
    return decide(staff, payoutId, ['requested'], 'approved', {})
  },

  /**
   * The money was sent (outside the platform): it leaves the payouts account.
   * `reference` is the transfer's number at the bank or Alipay, for the trail.
   */
  markPaid(staff: Staff, payoutId: number, reference: string | null = null) {
    return decide(staff, payoutId, ['approved'], 'paid', {
      note: reference,
      posting: (payout) => ({
        kind: 'payout.paid',
        reference: String(payout.id),
        currency: payout.currency,
        entries: [
          { account: { kind: 'payouts' }, amount: payout.amount },
          { account: { kind: 'buyer_clearing' }, amount: -payout.amount },
        ],
      }),
    })
  },

  /** Refused (a wrong account, a suspicion): the amount is available to the master again. */
  reject(staff: Staff, payoutId: number, reason: string) {
    return decide(staff, payoutId, ['requested', 'approved'], 'rejected', {
      reason,
      posting: backToAvailable('payout.rejected'),
    })
  },

  /**
   * The master takes back their own request while it still waits for review:
   * the amount is available again. A conditional UPDATE, as the admins'
   * steps: of a cancellation and an approval at once, one wins and the other
   * changes nothing. Another identity's payout is not found.
   */
  async cancel(who: PayoutRequester, payoutId: number) {
    const identity = await identityDirectory.card(who.identityId)
    if (identity?.userId !== who.userId) throw new NotCertifiedMasterError()
    const payout = await Payout.query()
      .where({ id: payoutId, masterIdentityId: identity.id })
      .firstOrFail()
    return db.transaction(async (trx) => {
      const moved = await trx
        .from('payouts')
        .where({ id: payout.id, status: 'requested' })
        .update({ status: 'cancelled', updated_at: new Date() })
      if (!moved) throw new PayoutNotCancellableError()
      await ledger.post(backToAvailable('payout.cancelled')(payout), trx)
      await audit(payout.id, 'cancelled', who.userId, null, trx)
      payout.status = 'cancelled'
      return payout
    })
  },

  /** A master identity's payouts, newest first (never their details). */
  forIdentity(identityId: number, limit = 50) {
    return Payout.query().where('master_identity_id', identityId).orderBy('id', 'desc').limit(limit)
  },

  /** Where the money goes, for the admin's queue only. */
  detailsOf(payout: Payout): PayoutDetails | null {
    return encryption.decrypt<PayoutDetails>(payout.detailsEncrypted)
  },
}

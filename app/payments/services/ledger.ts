import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export type LedgerAccountKind =
  | 'buyer_clearing'
  | 'platform_revenue'
  | 'master_pending'
  | 'master_available'
  | 'payouts'
  | 'refunds'

export type LedgerAccount = { kind: LedgerAccountKind; ownerIdentityId?: number | null }

export type Posting = {
  /** what moved the money: 'order.paid', 'earnings.cleared', 'refund.succeeded', 'payout.paid' … */
  kind: string
  /** the cause's own id: posting the same cause again changes nothing */
  reference: string
  memo?: string
  currency?: string
  /** minor units; positive a debit, negative a credit; they sum to zero */
  entries: { account: LedgerAccount; amount: number }[]
}

export type LedgerProblem =
  | { problem: 'unbalanced'; transactionId: number; currency: string; sum: number }
  | { problem: 'balance'; accountId: number; balance: number; entries: number }

/** A posting whose entries do not sum to zero, or carry no money. */
export class UnbalancedPostingError extends Error {
  constructor(readonly posting: Pick<Posting, 'kind' | 'reference'>) {
    super(`ledger posting ${posting.kind} ${posting.reference} does not balance`)
  }
}

async function accountId(trx: TransactionClientContract, account: LedgerAccount, currency: string) {
  const owner = account.ownerIdentityId ?? null
  await trx.rawQuery(
    `INSERT INTO ledger_accounts (kind, owner_identity_id, currency) VALUES (?, ?, ?)
     ON CONFLICT ON CONSTRAINT ledger_accounts_one_per_owner DO NOTHING`,
    [account.kind, owner as number, currency]
  )
  const row = await trx
    .from('ledger_accounts')
    .where({ kind: account.kind, currency })
    .where((query) =>
      owner === null
        ? query.whereNull('owner_identity_id')
        : query.where('owner_identity_id', owner)
    )
    .select('id')
    .firstOrFail()
  return row.id as number
}

/**
 * The double-entry ledger (database/migrations/1764900000000_payments_ledger.ts):
 * postings of balanced entries, once per cause; balances kept by the
 * database; `verify` proves both from the entries themselves.
 */
export const ledger = {
  /**
   * Posts a transaction (in the caller's transaction when given, so it
   * commits with its cause). The same kind and reference again is a no-op:
   * `{ created: false }` with the first one's id.
   */
  async post(
    posting: Posting,
    client?: TransactionClientContract
  ): Promise<{ transactionId: number; created: boolean }> {
    const currency = posting.currency ?? 'CNY'
    const sum = posting.entries.reduce((total, entry) => total + entry.amount, 0)
    const moves = posting.entries.every(
      (entry) => Number.isSafeInteger(entry.amount) && entry.amount
    )
    if (sum !== 0 || !moves || posting.entries.length < 2) throw new UnbalancedPostingError(posting)
    const run = async (trx: TransactionClientContract) => {
      const inserted = await trx.rawQuery(
        `INSERT INTO ledger_transactions (kind, reference, memo) VALUES (?, ?, ?)
         ON CONFLICT (kind, reference) DO NOTHING RETURNING id`,
        [posting.kind, posting.reference, posting.memo ?? '']
      )
      if (!inserted.rows.length) {
        const existing = await trx
          .from('ledger_transactions')
          .where({ kind: posting.kind, reference: posting.reference })
          .select('id')
          .firstOrFail()
        return { transactionId: existing.id as number, created: false }
      }
      const transactionId = inserted.rows[0].id as number
      // accounts in a fixed order: two postings touching the same accounts lock them alike
      const ids = new Map<string, number>()
      const keys = posting.entries
        .map(({ account }) => `${account.kind}:${account.ownerIdentityId ?? ''}`)
        .sort()
      for (const key of new Set(keys)) {
        const [kind, owner] = key.split(':')
        const account = {
          kind: kind as LedgerAccountKind,
          ownerIdentityId: owner ? Number(owner) : null,
        }
        ids.set(key, await accountId(trx, account, currency))
      }
      const rows = posting.entries
        .map(({ account, amount }) => ({
          transaction_id: transactionId,
          account_id: ids.get(`${account.kind}:${account.ownerIdentityId ?? ''}`)!,
          amount,
          currency,
        }))
        .sort((a, b) => a.account_id - b.account_id)
      await trx.insertQuery().table('ledger_entries').multiInsert(rows)
      // the balance check now, not at the outer commit: a caller's transaction sees the refusal
      await trx.rawQuery('SET CONSTRAINTS ledger_entries_balance IMMEDIATE')
      return { transactionId, created: true }
    }
    return client ? run(client) : db.transaction(run)
  },

  /** An account's balance (minor units; earnings are credits, so negative). */
  async balance(account: LedgerAccount, currency = 'CNY') {
    const row = await db
      .from('ledger_accounts')
      .where({ kind: account.kind, currency })
      .where((query) =>
        account.ownerIdentityId
          ? query.where('owner_identity_id', account.ownerIdentityId)
          : query.whereNull('owner_identity_id')
      )
      .select('balance')
      .first()
    return row ? Number(row.balance) : 0
  },

  /**
   * What does not hold: a transaction whose entries do not sum to zero in a
   * currency, an account whose balance is not the sum of its entries.
   */
  async verify(): Promise<LedgerProblem[]> {
    const unbalanced = await db.rawQuery(
      `SELECT transaction_id, currency, sum(amount)::bigint AS sum FROM ledger_entries
        GROUP BY transaction_id, currency HAVING sum(amount) <> 0 ORDER BY transaction_id`
    )
    const balances = await db.rawQuery(
      `SELECT a.id, a.balance, coalesce(sum(e.amount), 0)::bigint AS entries
         FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
        GROUP BY a.id HAVING a.balance <> coalesce(sum(e.amount), 0) ORDER BY a.id`
    )
    return [
      ...unbalanced.rows.map((row: any) => ({
        problem: 'unbalanced' as const,
        transactionId: Number(row.transaction_id),
        currency: row.currency,
        sum: Number(row.sum),
      })),
      ...balances.rows.map((row: any) => ({
        problem: 'balance' as const,
        accountId: Number(row.id),
        balance: Number(row.balance),
        entries: Number(row.entries),
      })),
    ]
  },
}

import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { refundedFeeSql } from '#payments/services/fees'

/** Orders whose money was received (refunded ones too: their sales and refunds are history). */
const SOLD = ['paid', 'partially_refunded', 'refunded']

/*
| Per item `i`, in SQL: the fee the platform kept after refunds (the fee less
| what fees.ts's refundedFee gives back), and the master's net: gross − fee
| kept − refunded.
*/
const FEE_KEPT = `i.fee_amount - ${refundedFeeSql('i')}`
const NET = `i.amount - (${FEE_KEPT}) - i.refunded_amount`

export type Totals = { sales: number; gross: number; fee: number; refunded: number; net: number }
export type ItemEarnings = Totals & { kind: string; itemId: number; title: string }
export type MonthEarnings = { month: string; net: number; sales: number }
export type StatementRow = {
  at: Date
  orderNumber: string
  title: string
  gross: number
  fee: number
  net: number
  refunded: number
}

const sums = `count(*)::int AS sales, coalesce(sum(i.amount), 0)::bigint AS gross,
  coalesce(sum(${FEE_KEPT}), 0)::bigint AS fee, coalesce(sum(i.refunded_amount), 0)::bigint AS refunded,
  coalesce(sum(${NET}), 0)::bigint AS net`

const totalsOf = (row: any): Totals => ({
  sales: Number(row.sales),
  gross: Number(row.gross),
  fee: Number(row.fee),
  refunded: Number(row.refunded),
  net: Number(row.net),
})

/** A month "YYYY-MM" in a time zone: its first moment and the next month's. */
export function monthBounds(month: string, zone: string) {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone })
  return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() }
}

/**
 * What one master identity sold and earned, from its own order items only
 * (every query is by seller_identity_id: another identity's money never
 * comes into it).
 */
export const incomeReport = {
  async totals(identityId: number): Promise<Totals> {
    const result = await db.rawQuery(
      `SELECT ${sums} FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE i.seller_identity_id = ? AND o.status = ANY(?)`,
      [identityId, SOLD]
    )
    return totalsOf(result.rows[0])
  },

  /**
   * When the oldest sale still waiting for the clearing was paid (null when
   * none waits): a wholly refunded item has nothing left to clear.
   */
  async oldestPending(identityId: number): Promise<Date | null> {
    const result = await db.rawQuery(
      `SELECT min(o.paid_at) AS paid_at FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE i.seller_identity_id = ? AND o.status = ANY(?) AND i.cleared_at IS NULL
          AND i.refunded_amount < i.amount`,
      [identityId, SOLD]
    )
    return result.rows[0].paid_at ?? null
  },

  async byItem(identityId: number, limit = 50): Promise<ItemEarnings[]> {
    const result = await db.rawQuery(
      `SELECT i.item_kind, i.item_id, (array_agg(i.title ORDER BY i.id DESC))[1] AS title, ${sums}
         FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE i.seller_identity_id = ? AND o.status = ANY(?)
        GROUP BY i.item_kind, i.item_id ORDER BY gross DESC, i.item_id LIMIT ?`,
      [identityId, SOLD, limit]
    )
    return result.rows.map((row: any) => ({
      kind: row.item_kind,
      itemId: Number(row.item_id),
      title: row.title,
      ...totalsOf(row),
    }))
  },

  /** The net of each of the last `months` months (by the month of the sale, in the reader's zone). */
  async byMonth(identityId: number, zone: string, months = 12): Promise<MonthEarnings[]> {
    const now = DateTime.now().setZone(zone)
    const first = now.startOf('month').minus({ months: months - 1 })
    const result = await db.rawQuery(
      `SELECT to_char(date_trunc('month', o.paid_at AT TIME ZONE ?), 'YYYY-MM') AS month,
              count(*)::int AS sales, coalesce(sum(${NET}), 0)::bigint AS net
         FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE i.seller_identity_id = ? AND o.status = ANY(?) AND o.paid_at >= ?
        GROUP BY 1`,
      [zone, identityId, SOLD, first.toJSDate()]
    )
    const found = new Map(result.rows.map((row: any) => [row.month, row]))
    return Array.from({ length: months }, (_, index) => {
      const month = first.plus({ months: index }).toFormat('yyyy-MM')
      const row: any = found.get(month)
      return { month, net: row ? Number(row.net) : 0, sales: row ? Number(row.sales) : 0 }
    })
  },

  /**
   * A month's statement: a row per item sold in it (at its payment) and per
   * item a refund made in it took money from (at the refund), as the refund
   * split it (refunds.allocation, by fees.ts). A pending refund counts, as
   * in the balances and totals: its money left the master's earnings when it
   * was asked for; a failed one was put back whole, so it gave nothing back.
   */
  async statement(identityId: number, month: string, zone: string): Promise<StatementRow[]> {
    const { start, end } = monthBounds(month, zone)
    const sales = await db.rawQuery(
      `SELECT o.paid_at AS at, o.number, i.title, i.amount, i.fee_amount
         FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE i.seller_identity_id = ? AND o.status = ANY(?) AND o.paid_at >= ? AND o.paid_at < ?`,
      [identityId, SOLD, start, end]
    )
    const refunds = await db.rawQuery(
      `SELECT r.created_at AS at, o.number, i.title, (part->>'amount')::bigint AS amount,
              (part->>'fee')::bigint AS fee, (part->>'share')::bigint AS share
         FROM refunds r JOIN orders o ON o.id = r.order_id
        CROSS JOIN LATERAL jsonb_array_elements(r.allocation) AS part
         JOIN order_items i ON i.id = (part->>'orderItemId')::bigint AND i.order_id = r.order_id
        WHERE i.seller_identity_id = ? AND r.status IN ('pending', 'succeeded')
          AND r.created_at >= ? AND r.created_at < ?`,
      [identityId, start, end]
    )
    const rows: StatementRow[] = [
      ...sales.rows.map((row: any) => ({
        at: row.at,
        orderNumber: row.number,
        title: row.title,
        gross: Number(row.amount),
        fee: Number(row.fee_amount),
        net: Number(row.amount) - Number(row.fee_amount),
        refunded: 0,
      })),
      ...refunds.rows.map((row: any) => ({
        at: row.at,
        orderNumber: row.number,
        title: row.title,
        gross: 0,
        fee: -Number(row.fee),
        net: -Number(row.share),
        refunded: Number(row.amount),
      })),
    ]
    return rows.sort((a, b) => a.at.getTime() - b.at.getTime())
  },
}

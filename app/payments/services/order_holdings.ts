import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Whether another paid (or partly refunded) order of the buyer holds an item
 * of `orderId` — all its items, or the one named. A second payment for it is
 * refunded; a refund of an order takes back only what no other order holds.
 */
export async function heldByAnotherOrder(
  trx: TransactionClientContract,
  order: { id: number; buyerUserId: number },
  item?: { itemKind: string; itemId: number }
) {
  const items = item
    ? '(VALUES (?::varchar, ?::bigint))'
    : '(SELECT item_kind, item_id FROM order_items WHERE order_id = ?)'
  const other = await trx.rawQuery(
    `SELECT 1 FROM order_items i JOIN orders o ON o.id = i.order_id
      WHERE o.buyer_user_id = ? AND o.id <> ? AND o.status IN ('paid', 'partially_refunded')
        AND (i.item_kind, i.item_id) IN ${items}
      LIMIT 1`,
    [order.buyerUserId, order.id, ...(item ? [item.itemKind, item.itemId] : [order.id])]
  )
  return other.rows.length > 0
}

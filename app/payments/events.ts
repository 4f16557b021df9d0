/*
| The events payments announces once a change has committed (decision 013):
| for what happens after a sale or a refund beyond access itself, which the
| selling module's grant/revoke already changed in the same transaction.
*/
export type OrderEvent = {
  orderId: number
  orderNumber: string
  buyerUserId: number
  items: { kind: string; itemId: number; sellerIdentityId: number; amount: number }[]
}

export type RefundEvent = OrderEvent & { refundId: number; amount: number }

/** An order's event, as both events carry it. */
export function orderEvent(order: {
  id: number
  number: string
  buyerUserId: number
  items: { itemKind: string; itemId: number; sellerIdentityId: number; amount: number }[]
}): OrderEvent {
  return {
    orderId: order.id,
    orderNumber: order.number,
    buyerUserId: order.buyerUserId,
    items: order.items.map((item) => ({
      kind: item.itemKind,
      itemId: item.itemId,
      sellerIdentityId: item.sellerIdentityId,
      amount: item.amount,
    })),
  }
}

declare module '@adonisjs/core/types' {
  interface EventsList {
    'order:paid': OrderEvent
    'order:refunded': RefundEvent
  }
}

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

declare module '@adonisjs/core/types' {
  interface EventsList {
    'order:paid': OrderEvent
    'order:refunded': RefundEvent
  }
}

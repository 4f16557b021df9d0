import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/** An item as its selling module describes it to a buyer, now. */
export type ItemOffer = {
  title: string
  /** minor units; the only price payments ever charges */
  amount: number
  currency: string
  /** the master identity whose earnings it is */
  sellerIdentityId: number
  /** the buyer's identity that will hold it (chosen or made when the purpose is 'order'; else null) */
  buyerIdentityId: number | null
  /** where the buyer goes once it is theirs */
  url: string
}

/** An item of a paid (or refunded) order, as grant and revoke see it. */
export type SoldItem = {
  orderId: number
  orderItemId: number
  kind: string
  itemId: number
  buyerUserId: number
  buyerIdentityId: number
  amount: number
}

export type Sellable = {
  /**
   * The offer to this buyer, or a refusal (a DomainError: not for sale, their
   * own, already theirs). Called at checkout, server-side: to `show` the
   * checkout page (nothing is made), and to `order` it (the buyer's identity
   * that will hold it may be made then).
   */
  describe(itemId: number, buyerUserId: number, purpose: 'show' | 'order'): Promise<ItemOffer>
  /**
   * The buyer now holds it: inside the transaction that records the payment.
   * False when they held it already (the payment is then refunded).
   */
  grant(item: SoldItem, trx: TransactionClientContract): Promise<boolean>
  /** A refund took it back (a full refund of the item): inside the refund's transaction. */
  revoke(item: SoldItem, trx: TransactionClientContract): Promise<void>
  /** Where the buyer finds it (the receipt's link). */
  url(itemId: number): string
}

const kinds = new Map<string, Sellable>()

/**
 * What can be bought, by kind: the selling modules (courses, mentoring)
 * register theirs at boot (decision 013); payments never names them.
 */
export const sellables = {
  register(kind: string, sellable: Sellable) {
    if (!/^[a-z_]{1,20}$/.test(kind)) throw new Error(`bad item kind "${kind}"`)
    if (kinds.has(kind)) throw new Error(`item kind "${kind}" is already registered`)
    kinds.set(kind, sellable)
    return () => {
      if (kinds.get(kind) === sellable) kinds.delete(kind)
    }
  },

  get(kind: string): Sellable | undefined {
    return kinds.get(kind)
  },
}

/** An order's item as grant and revoke see it. */
export function soldItem(
  order: { id: number; buyerUserId: number; buyerIdentityId: number },
  item: { id: number; itemKind: string; itemId: number; amount: number }
): SoldItem {
  return {
    orderId: order.id,
    orderItemId: item.id,
    kind: item.itemKind,
    itemId: item.itemId,
    buyerUserId: order.buyerUserId,
    buyerIdentityId: order.buyerIdentityId,
    amount: item.amount,
  }
}

import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import OrderItem from '#payments/models/order_item'
import type { ProviderName } from '#payments/providers/payment_provider'

export type OrderStatus =
  'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'failed' | 'expired'

/** A buyer's order (订单): what they buy, for how much, through which provider, and where it stands. */
export default class Order extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare number: string

  @column()
  declare buyerUserId: number

  @column()
  declare buyerIdentityId: number

  @column()
  declare status: OrderStatus

  @column()
  declare currency: string

  @column()
  declare totalAmount: number

  @column()
  declare feeAmount: number

  @column()
  declare refundedAmount: number

  @column()
  declare provider: ProviderName

  @column()
  declare providerReference: string | null

  @column()
  declare checkoutUrl: string | null

  @column({ serializeAs: null })
  declare idempotencyKey: string

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare paidAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => OrderItem)
  declare items: HasMany<typeof OrderItem>

  get isPaid() {
    return ['paid', 'partially_refunded', 'refunded'].includes(this.status)
  }

  get refundable() {
    return this.isPaid ? this.totalAmount - this.refundedAmount : 0
  }
}

import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** One thing an order buys, as its selling module described it when the order was made. */
export default class OrderItem extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare orderId: number

  @column()
  declare itemKind: string

  @column()
  declare itemId: number

  @column()
  declare title: string

  @column()
  declare sellerIdentityId: number

  @column()
  declare amount: number

  @column()
  declare feeAmount: number

  @column()
  declare refundedAmount: number

  @column.dateTime()
  declare clearedAt: DateTime | null
}

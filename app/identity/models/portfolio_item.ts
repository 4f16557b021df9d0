import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** One work in an identity's portfolio (作品集). */
export default class PortfolioItem extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare identityId: number

  @column()
  declare title: string

  @column()
  declare description: string | null

  @column()
  declare imageKey: string

  @column()
  declare imageWidth: number

  @column()
  declare imageHeight: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A craft field (领域): 陶艺, 书法, … managed by admins. */
export default class Field extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare slug: string

  @column()
  declare nameZh: string

  @column()
  declare nameEn: string

  @column()
  declare descriptionZh: string

  @column()
  declare descriptionEn: string

  @column()
  declare sortOrder: number

  @column()
  declare active: boolean

  @column()
  declare coverKey: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

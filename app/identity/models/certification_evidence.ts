import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** One evidence file of an application; private, served to the applicant and staff only. */
export default class CertificationEvidence extends BaseModel {
  static table = 'certification_evidence'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare applicationId: number

  @column({ serializeAs: null })
  declare diskKey: string

  @column()
  declare originalName: string

  @column()
  declare mime: string

  @column()
  declare size: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  get isVideo() {
    return this.mime.startsWith('video/')
  }

  get isPdf() {
    return this.mime === 'application/pdf'
  }

  get isImage() {
    return this.mime.startsWith('image/')
  }
}

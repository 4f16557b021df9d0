import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type LessonVideoState = 'uploaded' | 'processing' | 'ready' | 'failed'

/** The files of a video lesson (services/video_service.ts): one row per lesson. */
export default class LessonVideo extends BaseModel {
  @column({ isPrimary: true })
  declare lessonId: number

  @column()
  declare originalKey: string

  @column()
  declare originalSize: number

  @column()
  declare originalType: string

  @column()
  declare state: LessonVideoState

  /** Why processing failed: a key under courses_video.errors. */
  @column()
  declare errorCode: string | null

  /** The tool's own last words, for the master who wants to know more. */
  @column()
  declare errorDetail: string | null

  @column()
  declare durationSeconds: number | null

  @column()
  declare width: number | null

  @column()
  declare height: number | null

  @column()
  declare lightKey: string | null

  @column()
  declare posterKey: string | null

  @column()
  declare captionsKey: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Still being turned into its light rendition and poster. */
  get isProcessing() {
    return this.state === 'uploaded' || this.state === 'processing'
  }
}

import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type LessonKind = 'video' | 'text' | 'quiz'
export const LESSON_KINDS: LessonKind[] = ['video', 'text', 'quiz']

/** One lesson (课时) of a section: a video, a text or a quiz. */
export default class Lesson extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare courseId: number

  @column()
  declare sectionId: number

  @column()
  declare position: number

  @column()
  declare kind: LessonKind

  @column()
  declare title: string

  @column()
  declare isPreview: boolean

  @column()
  declare durationSeconds: number

  @column()
  declare bodyMarkdown: string

  /** Sanitised on the server when the Markdown is saved (services/lesson_markdown.ts). */
  @column()
  declare bodyHtml: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

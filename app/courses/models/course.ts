import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import CourseSection from '#courses/models/course_section'
import Lesson from '#courses/models/lesson'

export type CourseStatus = 'draft' | 'published' | 'archived'
export type CourseLevel = 'beginner' | 'intermediate' | 'advanced' | 'all_levels'
export type CourseLanguage = 'zh-CN' | 'en'

export const COURSE_LEVELS: CourseLevel[] = ['beginner', 'intermediate', 'advanced', 'all_levels']
export const COURSE_LANGUAGES: CourseLanguage[] = ['zh-CN', 'en']

/** A master identity's course (课程), in the master's field. */
export default class Course extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare masterIdentityId: number

  @column()
  declare fieldId: number

  @column()
  declare title: string

  @column()
  declare subtitle: string

  @column()
  declare level: CourseLevel

  @column()
  declare language: CourseLanguage

  @column()
  declare coverKey: string | null

  @column()
  declare coverWidth: number | null

  @column()
  declare coverHeight: number | null

  /** Markdown, rendered through services/lesson_markdown.ts like a text lesson. */
  @column()
  declare description: string

  /** "What you will learn": short lines. */
  @column({ prepare: (value: string[]) => JSON.stringify(value) })
  declare outcomes: string[]

  @column({ prepare: (value: string[]) => JSON.stringify(value) })
  declare requirements: string[]

  /** 0 for a free course; otherwise CNY in fen. */
  @column()
  declare priceFen: number

  @column()
  declare currency: string

  @column()
  declare status: CourseStatus

  @column.dateTime()
  declare publishedAt: DateTime | null

  @column.dateTime()
  declare archivedAt: DateTime | null

  @column({ serializeAs: null })
  declare searchVector: string

  @column()
  declare lessonCount: number

  @column()
  declare durationSeconds: number

  @column()
  declare enrollmentCount: number

  @column()
  declare ratingCount: number

  @column()
  declare ratingSum: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => CourseSection)
  declare sections: HasMany<typeof CourseSection>

  @hasMany(() => Lesson)
  declare lessons: HasMany<typeof Lesson>

  get isFree() {
    return this.priceFen === 0
  }

  /** The mean rating to one decimal, or null before the first review. */
  get rating() {
    return this.ratingCount ? Math.round((this.ratingSum / this.ratingCount) * 10) / 10 : null
  }

  /** Open to new apprentices: published. Archived stays open to those already enrolled. */
  get isListed() {
    return this.status === 'published'
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Courses (课程): a master identity's course, its sections and lessons in
 * order, an apprentice identity's enrollment and its progress per lesson.
 * Lesson kinds keep their own detail in their own tables (video assets,
 * quizzes); the text of a text lesson lives on the lesson.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    this.schema.raw(`CREATE TYPE course_status AS ENUM ('draft', 'published', 'archived')`)
    this.schema.raw(
      `CREATE TYPE course_level AS ENUM ('beginner', 'intermediate', 'advanced', 'all_levels')`
    )
    this.schema.raw(`CREATE TYPE lesson_kind AS ENUM ('video', 'text', 'quiz')`)
    this.schema.raw(`CREATE TYPE enrollment_status AS ENUM ('active', 'refunded')`)

    this.schema.createTable('courses', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('master_identity_id')
        .notNullable()
        .references('identities.id')
        .onDelete('CASCADE')
      // the master identity's field, copied so the catalogue filters without a join
      table.bigInteger('field_id').notNullable().references('fields.id')
      table.string('title', 120).notNullable()
      table.string('subtitle', 200).notNullable().defaultTo('')
      table.specificType('level', 'course_level').notNullable().defaultTo('beginner')
      table.string('language', 8).notNullable().defaultTo('zh-CN')
      table.string('cover_key', 100).nullable()
      table.smallint('cover_width').nullable()
      table.smallint('cover_height').nullable()
      table.text('description').notNullable().defaultTo('')
      table.jsonb('outcomes').notNullable().defaultTo('[]')
      table.jsonb('requirements').notNullable().defaultTo('[]')
      table.integer('price_fen').notNullable().defaultTo(0)
      table.string('currency', 3).notNullable().defaultTo('CNY')
      table.specificType('status', 'course_status').notNullable().defaultTo('draft')
      table.timestamp('published_at', { useTz: true }).nullable()
      table.timestamp('archived_at', { useTz: true }).nullable()
      // search: words segmented by Intl.Segmenter into a `simple` vector (services/course_search.ts)
      table.specificType('search_vector', 'tsvector').notNullable().defaultTo('')
      // kept by the services that change what they count
      table.integer('lesson_count').notNullable().defaultTo(0)
      table.integer('duration_seconds').notNullable().defaultTo(0)
      table.integer('enrollment_count').notNullable().defaultTo(0)
      table.integer('rating_count').notNullable().defaultTo(0)
      table.integer('rating_sum').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['master_identity_id', 'status'])
      table.index(['field_id', 'status', 'published_at'])
    })
    this.schema.raw(`ALTER TABLE courses ADD CONSTRAINT courses_price_range
      CHECK (price_fen >= 0 AND price_fen <= 100000000)`)
    this.schema.raw(`ALTER TABLE courses ADD CONSTRAINT courses_language
      CHECK (language IN ('zh-CN', 'en'))`)
    this.schema.raw(`ALTER TABLE courses ADD CONSTRAINT courses_counts
      CHECK (lesson_count >= 0 AND enrollment_count >= 0 AND rating_count >= 0 AND rating_sum >= 0)`)
    this.schema.raw('CREATE INDEX courses_search_vector ON courses USING gin (search_vector)')
    this.schema.raw('CREATE INDEX courses_title_trgm ON courses USING gin (title gin_trgm_ops)')

    this.schema.createTable('course_sections', (table) => {
      table.bigIncrements('id')
      table.bigInteger('course_id').notNullable().references('courses.id').onDelete('CASCADE')
      table.integer('position').notNullable()
      table.string('title', 120).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['course_id', 'position'])
    })

    this.schema.createTable('lessons', (table) => {
      table.bigIncrements('id')
      table.bigInteger('course_id').notNullable().references('courses.id').onDelete('CASCADE')
      table
        .bigInteger('section_id')
        .notNullable()
        .references('course_sections.id')
        .onDelete('CASCADE')
      table.integer('position').notNullable()
      table.specificType('kind', 'lesson_kind').notNullable()
      table.string('title', 120).notNullable()
      // anyone may open a preview lesson, enrolled or not
      table.boolean('is_preview').notNullable().defaultTo(false)
      // video length, or reading time of a text lesson; 0 for quizzes
      table.integer('duration_seconds').notNullable().defaultTo(0)
      // a text lesson's Markdown and its sanitised HTML (services/lesson_markdown.ts)
      table.text('body_markdown').notNullable().defaultTo('')
      table.text('body_html').notNullable().defaultTo('')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['section_id', 'position'])
      table.index(['course_id'])
    })

    this.schema.createTable('enrollments', (table) => {
      table.bigIncrements('id')
      table.bigInteger('course_id').notNullable().references('courses.id').onDelete('CASCADE')
      table
        .bigInteger('apprentice_identity_id')
        .notNullable()
        .references('identities.id')
        .onDelete('CASCADE')
      table.specificType('status', 'enrollment_status').notNullable().defaultTo('active')
      table.smallint('progress_percent').notNullable().defaultTo(0)
      table.integer('completed_lessons').notNullable().defaultTo(0)
      table.bigInteger('last_lesson_id').nullable().references('lessons.id').onDelete('SET NULL')
      table.timestamp('last_activity_at', { useTz: true }).nullable()
      table.timestamp('completed_at', { useTz: true }).nullable()
      // 结业证书: an unguessable id for the public verification page, set on completion
      table.string('certificate_code', 32).nullable().unique()
      table.timestamp('certificate_revoked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['course_id', 'apprentice_identity_id'])
      table.index(['apprentice_identity_id', 'last_activity_at'])
      table.index(['course_id', 'created_at'])
    })
    this.schema.raw(`ALTER TABLE enrollments ADD CONSTRAINT enrollments_progress_range
      CHECK (progress_percent BETWEEN 0 AND 100 AND completed_lessons >= 0)`)

    this.schema.createTable('lesson_progress', (table) => {
      table
        .bigInteger('enrollment_id')
        .notNullable()
        .references('enrollments.id')
        .onDelete('CASCADE')
      table.bigInteger('lesson_id').notNullable().references('lessons.id').onDelete('CASCADE')
      // where a video was left, to resume there
      table.integer('position_seconds').notNullable().defaultTo(0)
      // the share of a video's length seen (0–1000, per mille), whatever the order
      table.smallint('watched_permille').notNullable().defaultTo(0)
      table.timestamp('opened_at', { useTz: true }).notNullable()
      table.timestamp('completed_at', { useTz: true }).nullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.primary(['enrollment_id', 'lesson_id'])
      table.index(['lesson_id', 'completed_at'])
    })
    this.schema.raw(`ALTER TABLE lesson_progress ADD CONSTRAINT lesson_progress_ranges
      CHECK (position_seconds >= 0 AND watched_permille BETWEEN 0 AND 1000)`)
  }

  async down() {
    this.schema.dropTable('lesson_progress')
    this.schema.dropTable('enrollments')
    this.schema.dropTable('lessons')
    this.schema.dropTable('course_sections')
    this.schema.dropTable('courses')
    this.schema.raw('DROP TYPE enrollment_status')
    this.schema.raw('DROP TYPE lesson_kind')
    this.schema.raw('DROP TYPE course_level')
    this.schema.raw('DROP TYPE course_status')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A video lesson's files (one row per lesson): the original as uploaded,
 * then, once the processing job has run, a light 360p rendition, a poster
 * and the measured duration and size; captions (WebVTT) are uploaded apart.
 * Keys are random drive keys; the files are removed by a job when replaced.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `CREATE TYPE lesson_video_state AS ENUM ('uploaded', 'processing', 'ready', 'failed')`
    )
    this.schema.createTable('lesson_videos', (table) => {
      table.bigInteger('lesson_id').primary().references('lessons.id').onDelete('CASCADE')
      table.string('original_key', 120).notNullable()
      table.bigInteger('original_size').notNullable()
      table.string('original_type', 40).notNullable()
      table.specificType('state', 'lesson_video_state').notNullable().defaultTo('uploaded')
      // why processing failed: a message key (courses_video.errors.*) and ffmpeg's last words
      table.string('error_code', 40).nullable()
      table.text('error_detail').nullable()
      table.integer('duration_seconds').nullable()
      table.smallint('width').nullable()
      table.smallint('height').nullable()
      table.string('light_key', 120).nullable()
      table.string('poster_key', 120).nullable()
      table.string('captions_key', 120).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`ALTER TABLE lesson_videos ADD CONSTRAINT lesson_videos_ready
      CHECK (state <> 'ready' OR (light_key IS NOT NULL AND poster_key IS NOT NULL
             AND duration_seconds IS NOT NULL AND width IS NOT NULL AND height IS NOT NULL))`)
    this.schema.raw(`ALTER TABLE lesson_videos ADD CONSTRAINT lesson_videos_failed
      CHECK (state <> 'failed' OR error_code IS NOT NULL)`)
    this.schema.raw(`ALTER TABLE lesson_videos ADD CONSTRAINT lesson_videos_ranges
      CHECK (original_size > 0 AND (duration_seconds IS NULL OR duration_seconds >= 0)
             AND (width IS NULL OR width > 0) AND (height IS NULL OR height > 0))`)
  }

  async down() {
    this.schema.dropTable('lesson_videos')
    this.schema.raw('DROP TYPE lesson_video_state')
  }
}

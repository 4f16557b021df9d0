import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A video lesson's files (one row per lesson): the original as uploaded,
 * then, once the processing job has run, a light 360p rendition, a poster
 * and the measured duration and size; captions (WebVTT) are uploaded apart.
 * Keys are random drive keys; the files are removed by a job when replaced.
 * A row deleted any other way (its lesson, course or master's account
 * deleted) leaves its keys in lesson_video_removed_files, for a sweeping job
 * to remove the files: no cascade leaves them on the disk forever.
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
    this.schema.createTable('lesson_video_removed_files', (table) => {
      table.string('key', 120).primary()
      table.timestamp('removed_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`
      CREATE FUNCTION lesson_videos_keep_removed_keys() RETURNS trigger AS $$
      BEGIN
        INSERT INTO lesson_video_removed_files (key)
          SELECT key FROM unnest(ARRAY[OLD.original_key, OLD.light_key, OLD.poster_key, OLD.captions_key]) AS key
           WHERE key IS NOT NULL
          ON CONFLICT DO NOTHING;
        RETURN OLD;
      END $$ LANGUAGE plpgsql`)
    this.schema.raw(`CREATE TRIGGER lesson_videos_removed AFTER DELETE ON lesson_videos
      FOR EACH ROW EXECUTE FUNCTION lesson_videos_keep_removed_keys()`)
  }

  async down() {
    this.schema.raw('DROP TRIGGER lesson_videos_removed ON lesson_videos')
    this.schema.raw('DROP FUNCTION lesson_videos_keep_removed_keys()')
    this.schema.dropTable('lesson_video_removed_files')
    this.schema.dropTable('lesson_videos')
    this.schema.raw('DROP TYPE lesson_video_state')
  }
}

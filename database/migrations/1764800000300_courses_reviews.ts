import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Course reviews (评价): one per enrollment, by its apprentice identity, with
 * one reply of the course's master; reports of a review wait for moderation.
 * The course's rating_count/rating_sum follow the reviews in the same
 * transaction (services/review_service.ts).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('reviews', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('enrollment_id')
        .notNullable()
        .unique()
        .references('enrollments.id')
        .onDelete('CASCADE')
      table.bigInteger('course_id').notNullable().references('courses.id').onDelete('CASCADE')
      table
        .bigInteger('apprentice_identity_id')
        .notNullable()
        .references('identities.id')
        .onDelete('CASCADE')
      table.smallint('rating').notNullable()
      table.text('body').notNullable()
      table.text('master_reply').nullable()
      table.timestamp('replied_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      // the course page lists them newest first
      table.index(['course_id', 'created_at'])
    })
    this.schema.raw(`ALTER TABLE reviews ADD CONSTRAINT reviews_rating_range
      CHECK (rating BETWEEN 1 AND 5)`)
    this.schema.raw(`ALTER TABLE reviews ADD CONSTRAINT reviews_reply_once
      CHECK ((master_reply IS NULL) = (replied_at IS NULL))`)

    this.schema.createTable('review_reports', (table) => {
      table.bigIncrements('id')
      table.bigInteger('review_id').notNullable().references('reviews.id').onDelete('CASCADE')
      table.bigInteger('reporter_user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('reason', 20).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['review_id', 'reporter_user_id'])
    })
  }

  async down() {
    this.schema.dropTable('review_reports')
    this.schema.dropTable('reviews')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * In-app notifications (app/realtime). Each row is written in the same
 * transaction as its cause; the bigserial id orders them and is what a live
 * client later resumes from (`after(id)`), so it is never reused.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('notifications', (table) => {
      table.bigIncrements('id')
      table.bigInteger('recipient_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('kind', 60).notNullable()
      table.jsonb('payload').notNullable().defaultTo(this.raw(`'{}'::jsonb`))
      table.timestamp('read_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    // the list (newest first) and the catch-up after an id
    this.schema.raw(
      'CREATE INDEX notifications_recipient_id_id_index ON notifications (recipient_id, id DESC)'
    )
    // the header badge: COUNT of unread, on every signed-in page
    this.schema.raw(
      'CREATE INDEX notifications_unread_index ON notifications (recipient_id) WHERE read_at IS NULL'
    )
  }

  async down() {
    this.schema.dropTable('notifications')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Notification preferences per topic (in-app and/or email), and on each
 * notification the channels it was stored for and whether its reader has
 * seen it or a digest has mailed it (a digest never includes what was seen).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('notification_preferences', (table) => {
      table.bigInteger('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('topic', 40).notNullable()
      table.boolean('in_app').notNullable()
      table.boolean('email').notNullable()
      table.primary(['user_id', 'topic'])
    })
    this.schema.alterTable('notifications', (table) => {
      table.boolean('in_app').notNullable().defaultTo(true)
      table.boolean('email').notNullable().defaultTo(false)
      table.timestamp('seen_at', { useTz: true }).nullable()
      table.timestamp('emailed_at', { useTz: true }).nullable()
    })
    // the digest sweep: email notifications nobody has read, seen or mailed yet
    this.schema.raw(
      `CREATE INDEX notifications_digest_due_index ON notifications (created_at)
       WHERE email AND read_at IS NULL AND seen_at IS NULL AND emailed_at IS NULL`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX notifications_digest_due_index')
    this.schema.alterTable('notifications', (table) => {
      table.dropColumns('in_app', 'email', 'seen_at', 'emailed_at')
    })
    this.schema.dropTable('notification_preferences')
  }
}

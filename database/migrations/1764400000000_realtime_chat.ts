import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Chat (app/realtime): conversations between two people ('direct', one per
 * pair: `direct_key` "<minId>:<maxId>") or attached to something of another
 * module ('subject', one per subject_type + subject_id, e.g. an appointment),
 * their members with a read marker, the messages, and who blocked whom.
 * A message is stored before it is acknowledged; the unique client id per
 * sender and conversation makes a resend return the stored row, not a copy.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('conversations', (table) => {
      table.bigIncrements('id')
      table.string('kind', 10).notNullable()
      table.string('subject_type', 40).nullable()
      table.bigInteger('subject_id').nullable()
      table.string('direct_key', 41).nullable().unique()
      table.bigInteger('last_message_id').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['subject_type', 'subject_id'])
    })
    this.schema.raw(`ALTER TABLE conversations ADD CONSTRAINT conversations_kind_check CHECK (
      (kind = 'direct' AND direct_key IS NOT NULL AND subject_type IS NULL AND subject_id IS NULL)
      OR (kind = 'subject' AND direct_key IS NULL AND subject_type IS NOT NULL AND subject_id IS NOT NULL))`)

    this.schema.createTable('conversation_members', (table) => {
      table
        .bigInteger('conversation_id')
        .notNullable()
        .references('conversations.id')
        .onDelete('CASCADE')
      table.bigInteger('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.bigInteger('last_read_message_id').notNullable().defaultTo(0)
      table.timestamp('joined_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['conversation_id', 'user_id'])
      // a user's conversation list
      table.index(['user_id', 'conversation_id'])
    })

    this.schema.createTable('messages', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('conversation_id')
        .notNullable()
        .references('conversations.id')
        .onDelete('CASCADE')
      table.bigInteger('sender_id').notNullable().references('users.id').onDelete('CASCADE')
      table.uuid('client_id').notNullable()
      table.text('body').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['conversation_id', 'sender_id', 'client_id'])
    })
    this.schema.raw(
      'ALTER TABLE messages ADD CONSTRAINT messages_body_length CHECK (char_length(body) BETWEEN 1 AND 2000)'
    )
    // history pages ("load earlier"), catch-up after an id, unread counts
    this.schema.raw(
      'CREATE INDEX messages_conversation_id_id_index ON messages (conversation_id, id DESC)'
    )

    this.schema.createTable('user_blocks', (table) => {
      table.bigInteger('blocker_id').notNullable().references('users.id').onDelete('CASCADE')
      table.bigInteger('blocked_id').notNullable().references('users.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['blocker_id', 'blocked_id'])
      table.index(['blocked_id'])
    })
  }

  async down() {
    this.schema.dropTable('user_blocks')
    this.schema.dropTable('messages')
    this.schema.dropTable('conversation_members')
    this.schema.dropTable('conversations')
  }
}

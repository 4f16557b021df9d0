import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Master certification (认证审核): an application per master identity, its
 * evidence files, and the history of everything that happened to it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `CREATE TYPE certification_status AS ENUM ('pending', 'approved', 'rejected', 'more_info_requested')`
    )
    this.schema.createTable('certification_applications', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('identity_id')
        .notNullable()
        .unique()
        .references('identities.id')
        .onDelete('CASCADE')
      table.bigInteger('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('field_id').notNullable().references('fields.id').onDelete('RESTRICT')
      table.text('statement').notNullable()
      table.integer('years_of_practice').notNullable()
      table.string('lineage', 200).nullable()
      table.jsonb('links').notNullable().defaultTo('[]')
      table.specificType('status', 'certification_status').notNullable().defaultTo('pending')
      table.timestamp('submitted_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['status', 'submitted_at'])
    })
    this.schema.createTable('certification_evidence', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('application_id')
        .notNullable()
        .references('certification_applications.id')
        .onDelete('CASCADE')
      table.string('disk_key', 200).notNullable()
      table.string('original_name', 200).notNullable()
      table.string('mime', 100).notNullable()
      table.integer('size').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
    })
    this.schema.createTable('certification_events', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('application_id')
        .notNullable()
        .references('certification_applications.id')
        .onDelete('CASCADE')
      table.bigInteger('actor_id').nullable().references('users.id').onDelete('SET NULL')
      table.string('action', 30).notNullable()
      table.text('note').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['application_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('certification_events')
    this.schema.dropTable('certification_evidence')
    this.schema.dropTable('certification_applications')
    this.schema.raw('DROP TYPE certification_status')
  }
}

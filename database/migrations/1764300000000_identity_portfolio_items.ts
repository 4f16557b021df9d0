import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * An identity's portfolio (作品集): works shown under one identity — the
 * ceramics master's pots are not the calligraphy apprentice's exercises.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('portfolio_items', (table) => {
      table.bigIncrements('id')
      table.bigInteger('identity_id').notNullable().references('identities.id').onDelete('CASCADE')
      table.string('title', 80).notNullable()
      table.text('description').nullable()
      table.string('image_key', 100).notNullable()
      table.smallint('image_width').notNullable()
      table.smallint('image_height').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['identity_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('portfolio_items')
  }
}

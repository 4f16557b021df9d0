import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('fields', (table) => {
      table.increments('id')
      table.string('slug', 60).notNullable().unique()
      table.string('name_zh', 60).notNullable()
      table.string('name_en', 60).notNullable()
      table.string('description_zh', 300).notNullable().defaultTo('')
      table.string('description_en', 300).notNullable().defaultTo('')
      table.integer('sort_order').notNullable().defaultTo(0)
      table.boolean('active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('fields')
  }
}

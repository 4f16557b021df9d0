import { BaseSchema } from '@adonisjs/lucid/schema'

/** "Data saver" (省流量): the user asks for light media (360p video) wherever they are. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('users', (table) => {
      table.boolean('data_saver').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('data_saver')
    })
  }
}

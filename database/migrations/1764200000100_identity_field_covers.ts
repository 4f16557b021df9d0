import { BaseSchema } from '@adonisjs/lucid/schema'

/** A field's cover image: the random key of its re-encoded WebP in the drive. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('fields', (table) => {
      table.string('cover_key', 100).nullable()
    })
  }

  async down() {
    this.schema.alterTable('fields', (table) => {
      table.dropColumn('cover_key')
    })
  }
}

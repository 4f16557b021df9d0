import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A rejected applicant may apply again for the same master identity: its
 * applications are kept (the history), and the database allows one open
 * application (pending or awaiting more information) per identity at a time.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('certification_applications', (table) => {
      table.dropUnique(['identity_id'])
      table.index(['identity_id', 'id'])
    })
    this.schema.raw(`
      CREATE UNIQUE INDEX certification_applications_one_open_per_identity
        ON certification_applications (identity_id)
        WHERE status IN ('pending', 'more_info_requested')`)
  }

  async down() {
    this.schema.raw('DROP INDEX certification_applications_one_open_per_identity')
    this.schema.alterTable('certification_applications', (table) => {
      table.dropIndex(['identity_id', 'id'])
      table.unique(['identity_id'])
    })
  }
}

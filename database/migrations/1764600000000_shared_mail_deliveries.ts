import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One row per mail sent by a job (app/shared/mail/mail_jobs.ts): its key is
 * claimed in the transaction that sends it, so a retried or doubled job finds
 * it sent. Pruned after 30 days.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('mail_deliveries', (table) => {
      table.text('key').primary()
      table.string('job', 100).notNullable()
      table.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['sent_at'])
    })
  }

  async down() {
    this.schema.dropTable('mail_deliveries')
  }
}

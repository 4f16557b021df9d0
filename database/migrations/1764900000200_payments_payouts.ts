import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Payouts (提现): a master identity asks for some of its available earnings,
 * an admin approves, marks it paid or rejects it (the money back to
 * available). The account details are encrypted at rest (APP_KEY) and shown
 * to admins only. Every step is a row in payout_events.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('payouts', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('master_identity_id')
        .notNullable()
        .references('identities.id')
        .onDelete('RESTRICT')
      table.bigInteger('amount').notNullable()
      table.string('currency', 3).notNullable().defaultTo('CNY')
      table.string('status', 12).notNullable().defaultTo('requested')
      // account name, account and method, encrypted: never in logs, never shown to the master again
      table.text('details_encrypted').notNullable()
      table.text('reason').nullable()
      table.bigInteger('decided_by_user_id').nullable().references('users.id').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('paid_at', { useTz: true }).nullable()
      table.index(['master_identity_id', 'created_at'])
      table.index(['status', 'created_at'])
    })
    this.schema.raw(`ALTER TABLE payouts ADD CONSTRAINT payouts_amount CHECK (amount > 0)`)
    this.schema.raw(`ALTER TABLE payouts ADD CONSTRAINT payouts_status
      CHECK (status IN ('requested', 'approved', 'paid', 'rejected'))`)
    this.schema.raw(`ALTER TABLE payouts ADD CONSTRAINT payouts_paid_at
      CHECK ((status = 'paid') = (paid_at IS NOT NULL))`)
    this.schema.raw(`ALTER TABLE payouts ADD CONSTRAINT payouts_reason
      CHECK (status <> 'rejected' OR reason IS NOT NULL)`)

    this.schema.createTable('payout_events', (table) => {
      table.bigIncrements('id')
      table.bigInteger('payout_id').notNullable().references('payouts.id').onDelete('RESTRICT')
      // null when no person did it (kept when the account is deleted)
      table.bigInteger('actor_user_id').nullable().references('users.id').onDelete('SET NULL')
      table.string('action', 12).notNullable()
      table.text('note').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['payout_id', 'id'])
    })
    this.schema.raw(`ALTER TABLE payout_events ADD CONSTRAINT payout_events_action
      CHECK (action IN ('requested', 'approved', 'paid', 'rejected'))`)
  }

  async down() {
    this.schema.dropTable('payout_events')
    this.schema.dropTable('payouts')
  }
}

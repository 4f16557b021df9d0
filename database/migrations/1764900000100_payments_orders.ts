import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Orders (订单) and what moves them: a buyer's order of items that a selling
 * module described (the price is the server's, never the form's), one per
 * checkout attempt (its idempotency key); the provider notifications that
 * were acted on, once each; refunds; and the sandbox provider's own record
 * of its hosted payments. Money in integer minor units (fen).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`CREATE TYPE order_status AS ENUM (
      'pending', 'paid', 'partially_refunded', 'refunded', 'failed', 'expired')`)

    this.schema.createTable('orders', (table) => {
      table.bigIncrements('id')
      // shown to people and in provider references; not guessable, not a key to anything
      table.string('number', 24).notNullable().unique()
      table.bigInteger('buyer_user_id').notNullable().references('users.id').onDelete('RESTRICT')
      table
        .bigInteger('buyer_identity_id')
        .notNullable()
        .references('identities.id')
        .onDelete('RESTRICT')
      table.specificType('status', 'order_status').notNullable().defaultTo('pending')
      table.string('currency', 3).notNullable().defaultTo('CNY')
      table.bigInteger('total_amount').notNullable()
      table.bigInteger('fee_amount').notNullable()
      table.bigInteger('refunded_amount').notNullable().defaultTo(0)
      table.string('provider', 20).notNullable()
      // the provider's checkout (session id, trade no) once it made one
      table.string('provider_reference', 120).nullable()
      // where the buyer pays it (the provider's hosted page), to come back to while it is open
      table.text('checkout_url').nullable()
      table.string('idempotency_key', 64).notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('paid_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      // a double click, a retry on a slow link: one order per checkout attempt
      table.unique(['buyer_user_id', 'idempotency_key'])
      table.index(['buyer_user_id', 'created_at'])
      table.index(['status', 'expires_at'])
    })
    this.schema.raw(`ALTER TABLE orders ADD CONSTRAINT orders_amounts CHECK (
      total_amount > 0 AND fee_amount >= 0 AND fee_amount <= total_amount
      AND refunded_amount >= 0 AND refunded_amount <= total_amount)`)
    this.schema.raw(`ALTER TABLE orders ADD CONSTRAINT orders_paid_at
      CHECK (status IN ('pending', 'failed', 'expired') OR paid_at IS NOT NULL)`)
    this.schema.raw(`CREATE UNIQUE INDEX orders_provider_reference
      ON orders (provider, provider_reference) WHERE provider_reference IS NOT NULL`)

    this.schema.createTable('order_items', (table) => {
      table.bigIncrements('id')
      table.bigInteger('order_id').notNullable().references('orders.id').onDelete('RESTRICT')
      // what the selling module sells: ('course', 12), ('session', 7)
      table.string('item_kind', 20).notNullable()
      table.bigInteger('item_id').notNullable()
      table.string('title', 200).notNullable()
      table
        .bigInteger('seller_identity_id')
        .notNullable()
        .references('identities.id')
        .onDelete('RESTRICT')
      table.bigInteger('amount').notNullable()
      table.bigInteger('fee_amount').notNullable()
      table.bigInteger('refunded_amount').notNullable().defaultTo(0)
      // the master's share moved from pending to available (the clearing job)
      table.timestamp('cleared_at', { useTz: true }).nullable()
      table.index(['order_id'])
      table.index(['seller_identity_id', 'order_id'])
      table.index(['item_kind', 'item_id'])
    })
    this.schema.raw(`ALTER TABLE order_items ADD CONSTRAINT order_items_amounts CHECK (
      amount > 0 AND fee_amount >= 0 AND fee_amount <= amount
      AND refunded_amount >= 0 AND refunded_amount <= amount)`)

    // each provider notification acted on once, whoever delivers it how often
    this.schema.createTable('payment_events', (table) => {
      table.bigIncrements('id')
      table.string('provider', 20).notNullable()
      table.string('event_id', 200).notNullable()
      table.string('type', 60).notNullable()
      table.bigInteger('order_id').nullable().references('orders.id').onDelete('RESTRICT')
      table.timestamp('received_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['provider', 'event_id'])
    })

    this.schema.createTable('refunds', (table) => {
      table.bigIncrements('id')
      table.bigInteger('order_id').notNullable().references('orders.id').onDelete('RESTRICT')
      table.bigInteger('amount').notNullable()
      table.string('status', 12).notNullable().defaultTo('pending')
      table.text('reason').notNullable()
      // the admin who refunded; null when a module's policy did (a cancelled session)
      table.bigInteger('actor_user_id').nullable().references('users.id').onDelete('SET NULL')
      // a refund asked for twice (a double click, a retried cancellation) happens once
      table.string('idempotency_key', 80).notNullable().unique()
      table.string('provider_reference', 120).nullable()
      // how it came out of each item: [{ orderItemId, amount, fee, share, account }]
      table.jsonb('allocation').notNullable().defaultTo('[]')
      table.text('failure').nullable()
      // how often the provider was asked (a pending refund is asked again with its key)
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['order_id'])
    })
    this.schema.raw(`ALTER TABLE refunds ADD CONSTRAINT refunds_amount CHECK (amount > 0)`)
    this.schema.raw(`ALTER TABLE refunds ADD CONSTRAINT refunds_status
      CHECK (status IN ('pending', 'succeeded', 'failed'))`)

    // the sandbox provider's side: what its hosted page was asked to collect
    this.schema.createTable('sandbox_payments', (table) => {
      table.string('id', 40).primary()
      table.string('order_number', 24).notNullable()
      table.bigInteger('amount').notNullable()
      table.bigInteger('refunded_amount').notNullable().defaultTo(0)
      table.string('currency', 3).notNullable()
      table.string('status', 12).notNullable().defaultTo('open')
      table.text('return_url').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['order_number'])
    })
  }

  async down() {
    this.schema.dropTable('sandbox_payments')
    this.schema.dropTable('refunds')
    this.schema.dropTable('payment_events')
    this.schema.dropTable('order_items')
    this.schema.dropTable('orders')
    this.schema.raw('DROP TYPE order_status')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The double-entry ledger (账本): money is never lost, doubled or invented.
 * Every movement is a transaction of entries (positive debits, negative
 * credits) that sum to zero per currency, checked by the database when the
 * transaction commits; entries are append-only (a correction is a new
 * transaction); an account's balance is kept by the database from its
 * entries, and earnings accounts can never go below zero.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`CREATE TYPE ledger_account_kind AS ENUM (
      'buyer_clearing', 'platform_revenue', 'master_pending', 'master_available', 'payouts', 'refunds')`)

    this.schema.createTable('ledger_accounts', (table) => {
      table.bigIncrements('id')
      table.specificType('kind', 'ledger_account_kind').notNullable()
      // a master identity's earnings accounts; null for the platform's own
      table
        .bigInteger('owner_identity_id')
        .nullable()
        .references('identities.id')
        .onDelete('RESTRICT')
      table.string('currency', 3).notNullable()
      table.bigInteger('balance').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_one_per_owner
      UNIQUE NULLS NOT DISTINCT (kind, owner_identity_id, currency)`)
    this.schema.raw(`ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_currency
      CHECK (currency ~ '^[A-Z]{3}$')`)
    // what a master has earned cannot be paid out or refunded twice
    this.schema
      .raw(`ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_earnings_not_negative
      CHECK (kind NOT IN ('master_pending', 'master_available') OR balance <= 0)`)

    this.schema.createTable('ledger_transactions', (table) => {
      table.bigIncrements('id')
      // what moved the money: 'order.paid', 'earnings.cleared', 'payout.paid', 'order.refunded' …
      table.string('kind', 40).notNullable()
      // the cause's own id (an order, a provider event): one transaction per cause
      table.string('reference', 120).notNullable()
      table.text('memo').notNullable().defaultTo('')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['kind', 'reference'])
    })

    this.schema.createTable('ledger_entries', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('transaction_id')
        .notNullable()
        .references('ledger_transactions.id')
        .onDelete('RESTRICT')
      table
        .bigInteger('account_id')
        .notNullable()
        .references('ledger_accounts.id')
        .onDelete('RESTRICT')
      // minor units (fen); positive a debit, negative a credit
      table.bigInteger('amount').notNullable()
      table.string('currency', 3).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['account_id', 'id'])
      table.index(['transaction_id'])
    })
    this.schema.raw(
      `ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_not_zero CHECK (amount <> 0)`
    )

    this.schema.raw(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`)
    for (const table of ['ledger_entries', 'ledger_transactions']) {
      this.schema
        .raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`)
    }

    // an entry moves its account's balance, in the same statement: they cannot disagree
    this.schema.raw(`
      CREATE FUNCTION ledger_entry_applies() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ledger_accounts SET balance = balance + NEW.amount
         WHERE id = NEW.account_id AND currency = NEW.currency;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'ledger entry % names account % in another currency', NEW.id, NEW.account_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`)
    this.schema.raw(`CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_applies()`)

    // checked at commit, when all of a transaction's entries are in
    this.schema.raw(`
      CREATE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM ledger_entries WHERE transaction_id = NEW.transaction_id
           GROUP BY currency HAVING sum(amount) <> 0
        ) THEN
          RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`)
    this.schema.raw(`CREATE CONSTRAINT TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances()`)
  }

  async down() {
    this.schema.dropTable('ledger_entries')
    this.schema.dropTable('ledger_transactions')
    this.schema.dropTable('ledger_accounts')
    this.schema.raw('DROP FUNCTION ledger_transaction_balances')
    this.schema.raw('DROP FUNCTION ledger_entry_applies')
    this.schema.raw('DROP FUNCTION ledger_append_only')
    this.schema.raw('DROP TYPE ledger_account_kind')
  }
}

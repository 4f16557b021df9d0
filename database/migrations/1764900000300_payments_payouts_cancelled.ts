import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A master may cancel their own payout request while it waits for review
 * (status and audit action `cancelled`; the amount is available again, as
 * after a rejection).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE payouts DROP CONSTRAINT payouts_status`)
    this.schema.raw(`ALTER TABLE payouts ADD CONSTRAINT payouts_status
      CHECK (status IN ('requested', 'approved', 'paid', 'rejected', 'cancelled'))`)
    this.schema.raw(`ALTER TABLE payout_events DROP CONSTRAINT payout_events_action`)
    this.schema.raw(`ALTER TABLE payout_events ADD CONSTRAINT payout_events_action
      CHECK (action IN ('requested', 'approved', 'paid', 'rejected', 'cancelled'))`)
  }

  /** The old rule for new rows; cancelled payouts stay what they were (NOT VALID: history is kept). */
  async down() {
    this.schema.raw(`ALTER TABLE payout_events DROP CONSTRAINT payout_events_action`)
    this.schema.raw(`ALTER TABLE payout_events ADD CONSTRAINT payout_events_action
      CHECK (action IN ('requested', 'approved', 'paid', 'rejected')) NOT VALID`)
    this.schema.raw(`ALTER TABLE payouts DROP CONSTRAINT payouts_status`)
    this.schema.raw(`ALTER TABLE payouts ADD CONSTRAINT payouts_status
      CHECK (status IN ('requested', 'approved', 'paid', 'rejected')) NOT VALID`)
  }
}

import vine from '@vinejs/vine'
import { YUAN_PATTERN } from '#payments/services/money'
import { PAYOUT_METHODS } from '#payments/services/payout_service'
import { QUEUE_STATUSES } from '#payments/services/payout_queue'

/**
 * A payout request: the amount in yuan (two decimals at most: read to fen
 * exactly), where to send it. The account is `payoutAccount`, a name the
 * error handler never keeps in the session to refill the form.
 */
export const payoutRequestValidator = vine.create({
  amount: vine.string().trim().regex(YUAN_PATTERN),
  method: vine.enum(PAYOUT_METHODS),
  accountName: vine.string().trim().minLength(1).maxLength(100),
  payoutAccount: vine
    .string()
    .trim()
    .minLength(4)
    .maxLength(64)
    .regex(/^[\w.@+\- ]+$/),
})

/** A rejection says why (the master reads it). */
export const payoutRejectValidator = vine.create({
  reason: vine.string().trim().minLength(2).maxLength(500),
})

/**
 * Marking a payout paid: the transfer's own number at the bank or Alipay
 * (交易流水号), optional, kept in the audit trail so the payment can be found.
 */
export const payoutPaidValidator = vine.create({
  reference: vine
    .string()
    .trim()
    .maxLength(64)
    .regex(/^[\w\-./ ]+$/)
    .optional(),
})

/** The queue's tab. */
export const payoutQueueValidator = vine.create({
  status: vine.enum(QUEUE_STATUSES).optional(),
})

/** A statement's month, "2026-11" (the current month without one). */
export const statementValidator = vine.create({
  month: vine
    .string()
    .regex(/^20\d\d-(0[1-9]|1[0-2])$/)
    .optional(),
})

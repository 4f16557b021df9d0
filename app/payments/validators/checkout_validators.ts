import vine from '@vinejs/vine'

/** What is being bought: `course:12` (a kind a selling module registered, and its id). */
const itemRef = () =>
  vine
    .string()
    .trim()
    .regex(/^[a-z_]{1,20}:[1-9]\d{0,17}$/)

export const checkoutPageValidator = vine.create({ item: itemRef() })

/** The checkout form: never a price (the seller gives it), only what and how. */
export const checkoutValidator = vine.create({
  item: itemRef(),
  provider: vine.string().trim().maxLength(20),
  /** made by the checkout page: a double click or a retry sends the same one */
  key: vine
    .string()
    .trim()
    .regex(/^[\w-]{16,64}$/),
})

export const sandboxChoiceValidator = vine.create({
  choice: vine.enum(['success', 'decline', 'later'] as const),
  late: vine.boolean().optional(),
})

export const refundValidator = vine.create({
  /** in yuan, as typed: "29.90" */
  amount: vine
    .string()
    .trim()
    .regex(/^\d{1,9}(\.\d{1,2})?$/),
  reason: vine.string().trim().minLength(2).maxLength(500),
  key: vine
    .string()
    .trim()
    .regex(/^[\w-]{16,64}$/),
})

export const adminOrdersQueryValidator = vine.create({
  status: vine
    .enum(['pending', 'paid', 'partially_refunded', 'refunded', 'failed', 'expired'] as const)
    .optional(),
  q: vine.string().trim().maxLength(40).optional(),
  page: vine.number().min(1).max(10_000).optional(),
})

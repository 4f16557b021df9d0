import type { TopicSpec } from '#realtime/index'

/*
| A master's payout notifications, registered with realtime at boot
| (app/payments/setup.ts); `amount` is formatted with its currency ("¥1,234.50"),
| as payments' other notifications are.
|   payments.payout_requested  { amount, url }
|   payments.payout_approved   { amount, url }
|   payments.payout_paid       { amount, url }
|   payments.payout_rejected   { amount, reason, url }
*/
export const payoutNotificationTopic: TopicSpec = {
  topic: 'payouts',
  nameKey: 'payments_income.notifications.topic.name',
  hintKey: 'payments_income.notifications.topic.hint',
  defaults: { inApp: true, email: true },
  mail: 'digest',
  kinds: {
    'payments.payout_requested': {
      textKey: 'payments_income.notifications.requested',
      values: ['amount'],
    },
    'payments.payout_approved': {
      textKey: 'payments_income.notifications.approved',
      values: ['amount'],
    },
    'payments.payout_paid': {
      textKey: 'payments_income.notifications.paid',
      values: ['amount'],
    },
    'payments.payout_rejected': {
      textKey: 'payments_income.notifications.rejected',
      values: ['amount', 'reason'],
    },
  },
}

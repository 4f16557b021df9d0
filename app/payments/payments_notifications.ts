import type { TopicSpec } from '#realtime/index'

/*
| The payments notification topic, registered with realtime at boot (setup.ts).
|   payments.paid      { item, amount, url }   the buyer's order is paid (the receipt)
|   payments.sold      { item, amount, url }   a master sold something (their income page)
|   payments.refunded  { item, amount, url }   the buyer was refunded
*/
export const paymentsNotificationTopic: TopicSpec = {
  topic: 'payments',
  nameKey: 'payments.notifications.topic.name',
  hintKey: 'payments.notifications.topic.hint',
  defaults: { inApp: true, email: false },
  mail: 'digest',
  kinds: {
    'payments.paid': { textKey: 'payments.notifications.paid', values: ['item', 'amount'] },
    'payments.sold': { textKey: 'payments.notifications.sold', values: ['item', 'amount'] },
    'payments.refunded': {
      textKey: 'payments.notifications.refunded',
      values: ['item', 'amount'],
    },
  },
}

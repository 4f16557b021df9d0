import type { TopicSpec } from '#realtime/index'

/*
| Identity's notification topics and kinds, registered with realtime at boot
| (providers/identity_provider.ts). Payloads carry the field's name in both
| languages (`fieldNameZh`, `fieldNameEn`), read as {field}.
|   certification.submitted            { fieldNameZh, fieldNameEn, applicant }  (to staff)
|   certification.approved             { fieldNameZh, fieldNameEn }
|   certification.rejected             { fieldNameZh, fieldNameEn, reason }
|   certification.more_info_requested  { fieldNameZh, fieldNameEn, message }
*/
export const identityNotificationTopics: TopicSpec[] = [
  {
    // the decision is mailed by certification itself (asking wantsEmail), never digested
    topic: 'certification',
    nameKey: 'certification.notifications.topics.results.name',
    hintKey: 'certification.notifications.topics.results.hint',
    defaults: { inApp: true, email: true },
    mail: 'direct',
    kinds: {
      'certification.approved': {
        textKey: 'certification.notifications.approved',
        values: ['field'],
      },
      'certification.rejected': {
        textKey: 'certification.notifications.rejected',
        values: ['field', 'reason'],
      },
      'certification.more_info_requested': {
        textKey: 'certification.notifications.more_info_requested',
        values: ['field', 'message'],
      },
    },
  },
  {
    topic: 'review_queue',
    nameKey: 'certification.notifications.topics.review_queue.name',
    hintKey: 'certification.notifications.topics.review_queue.hint',
    defaults: { inApp: true, email: true },
    mail: 'digest',
    staffOnly: true,
    kinds: {
      'certification.submitted': {
        textKey: 'certification.notifications.submitted',
        values: ['field', 'applicant'],
      },
    },
  },
]

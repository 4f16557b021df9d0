import type { TopicSpec } from '#realtime/index'

/*
| The learner's notification topic, registered with realtime at boot
| (app/courses/setup.ts).
|   courses.completed   { course, url }   a course finished: the certificate is ready
*/
export const learningNotificationTopic: TopicSpec = {
  topic: 'learning',
  nameKey: 'courses_learning.notifications.topic.name',
  hintKey: 'courses_learning.notifications.topic.hint',
  defaults: { inApp: true, email: false },
  mail: 'digest',
  kinds: {
    'courses.completed': {
      textKey: 'courses_learning.notifications.completed',
      values: ['course'],
    },
  },
}

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { pagelessRoutes } from '#shared/http/pageless_routes'
import { wsTicketThrottle } from '#realtime/ws/ticket_throttle'

const NotificationsController = () => import('#realtime/controllers/notifications_controller')
const NotificationPreferencesController = () =>
  import('#realtime/controllers/notification_preferences_controller')
const EventStreamController = () => import('#realtime/controllers/event_stream_controller')
const WsTicketsController = () => import('#realtime/controllers/ws_tickets_controller')

/* signed-in users: their own notifications; tickets for their WebSocket */
router
  .group(() => {
    router.get('/notifications', [NotificationsController, 'index']).as('notifications.index')
    router
      .post('/notifications/read-all', [NotificationsController, 'readAll'])
      .as('notifications.read_all')
    router
      .post('/notifications/:id/read', [NotificationsController, 'read'])
      .as('notifications.read')
    router.get('/notifications/feed', [EventStreamController, 'feed']).as('notifications.feed')
    router.post('/notifications/seen', [NotificationsController, 'seen']).as('notifications.seen')
    router
      .get('/settings/notifications', [NotificationPreferencesController, 'show'])
      .as('settings.notifications')
    router
      .post('/settings/notifications', [NotificationPreferencesController, 'update'])
      .as('settings.notifications.update')
    /* Transmit (SSE): the stream, and (un)subscribing it to authorised channels (start/transmit.ts) */
    router.get('/__transmit/events', [EventStreamController, 'stream']).as('realtime.events')
    router
      .post('/__transmit/subscribe', [EventStreamController, 'subscribe'])
      .as('realtime.subscribe')
    router
      .post('/__transmit/unsubscribe', [EventStreamController, 'unsubscribe'])
      .as('realtime.unsubscribe')
    /* the WebSocket ticket (app/realtime/ws/index.ts) */
    router
      .post('/realtime/ws-ticket', [WsTicketsController, 'store'])
      .as('realtime.ws_ticket')
      .use(wsTicketThrottle)
  })
  .use(middleware.auth())

/* no page is rendered for these: page-only middleware skips its queries */
pagelessRoutes.add(
  'realtime.events',
  'realtime.subscribe',
  'realtime.unsubscribe',
  'realtime.ws_ticket',
  'notifications.feed',
  'notifications.seen'
)

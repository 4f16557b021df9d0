/*
| The realtime module's public surface: what other modules may use.
|
| notificationService.notify(recipientId, kind, payload, trx) stores an in-app
| notification in the caller's transaction. Each module registers its topics
| and kinds at boot with notificationKinds.register({topic, nameKey, hintKey,
| defaults, mail, staffOnly, kinds: {kind: {textKey, values}}}) (returns the
| unregister function); a kind nobody registered reads as a generic "new
| notification". Any payload may carry `url`: a path on this site ('/…')
| opened from the list. Readers choose channels per topic: a module that
| mails directly asks notificationPreferences.wantsEmail(userId, kind).
*/
export {
  notificationKinds,
  type TopicSpec,
  type KindText,
  type Channels,
} from '#realtime/services/notification_kinds'
export { notificationPreferences } from '#realtime/services/notification_preferences'
export {
  notificationService,
  type NotificationPayload,
  type NotificationRecord,
  type NotificationPage,
} from '#realtime/services/notification_service'

/*
| liveNotifications.pushToUser(userId, {type, …}): a live update for every
| open page of the user (a header badge of another module), on the user's
| private SSE channel.
*/
export { liveNotifications } from '#realtime/services/live_notifications'

/*
| mailRecipientsPort: how the digest reaches mail addresses; the module that
| keeps them (identity) binds its lookup at boot.
*/
export {
  mailRecipientsPort,
  type MailRecipient,
  type MailRecipientLookup,
} from '#realtime/services/mail_recipients_port'

/*
| realtimeSessions.end(sessionIds): when login sessions end (logout,
| revocation, password change), closes their WebSockets (4001 'session
| ended') and SSE streams on every instance.
*/

export { realtimeSessions } from '#realtime/services/realtime_sessions'

/*
| wsTickets.issue(userId, locale, ttlMs?, sessionId?): a single-use ticket
| for opening `/ws?ticket=…`; a page that opens a socket at once may bring
| its first one, saving the POST /realtime/ws-ticket.
*/
export { wsTickets } from '#realtime/ws/tickets'

/*
| The WebSocket module (rooms, message handlers, cross-instance hub,
| presence, call signalling): see app/realtime/ws/index.ts.
*/
export {
  wsRooms,
  wsHandlers,
  wsHub,
  presence,
  WsError,
  WS_CLOSE,
  type WsRoomPolicy,
  type WsHandler,
  type RoomDelivery,
  type PresenceStatus,
  type WsConnection,
  type WsEvent,
  type WsMessageMeta,
  type WsErrorDetails,
} from '#realtime/ws/index'

/*
| The realtime module's public surface: what other modules may use.
|
| notificationService.notify(recipientId, kind, payload, trx) stores an in-app
| notification in the caller's transaction. Known kinds (their texts are in
| resources/lang/<locale>/notifications.json; any other kind reads as a
| generic "new notification"):
|   certification.submitted            { fieldNameZh, fieldNameEn, applicant }  (to staff)
|   certification.approved             { fieldNameZh, fieldNameEn }
|   certification.rejected             { fieldNameZh, fieldNameEn, reason }
|   certification.more_info_requested  { fieldNameZh, fieldNameEn, message }
| Any payload may carry `url`: a path on this site ('/…') opened from the list.
| Readers choose channels per topic (notification_preferences.ts): a module
| that mails directly asks notificationPreferences.wantsEmail(userId, kind).
*/
export { notificationPreferences, type Topic } from '#realtime/services/notification_preferences'
export {
  notificationService,
  type NotificationPayload,
  type NotificationRecord,
  type NotificationPage,
} from '#realtime/services/notification_service'

/*
| Chat: chatService.directConversation(a, b), subjectConversation(type, id,
| memberIds) for another module's subject (an appointment), send, history,
| after, markRead, unreadCounts, block/unblock. Messages are stored first,
| then announced on the WebSocket room `conversation:<id>` (app/realtime/chat_ws.ts).
| send counts against one per-user allowance (30 a minute, chat_throttle.ts)
| whatever the path; over it the limiter's ThrottleException (429). block()
| takes both users' sockets out of their direct conversation's room on every
| instance (wsHub.evictFromRoom) and tells them {type:'chat.blocked', conversationId}.
*/
export {
  chatService,
  ChatError,
  type ChatMessage,
  type ConversationAccess,
  type ConversationSummary,
} from '#realtime/services/chat_service'

/*
| realtimeSessions.end(sessionIds): when login sessions end (logout,
| revocation, password change), closes their WebSockets (4001 'session
| ended') and SSE streams on every instance.
*/
export { realtimeSessions } from '#realtime/services/realtime_sessions'

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

/*
| The chat module's public surface (layer: above identity and realtime).
|
| chatService.directConversation(a, b), subjectConversation(type, id,
| memberIds) for another module's subject (an appointment), send, history,
| after, markRead, unreadCounts, block/unblock. Messages are stored first,
| then announced on the WebSocket room `conversation:<id>` (chat_ws.ts).
| send counts against one per-user allowance (30 a minute, services/chat_throttle.ts)
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
} from '#chat/services/chat_service'

/** This module's Bouncer policies, registered with the others in start/policies.ts. */
export const chatPolicies = {
  ChatPolicy: () => import('#chat/policies/chat_policy'),
}

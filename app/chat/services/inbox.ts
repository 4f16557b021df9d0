import { userDirectory } from '#identity/index'
import { presence } from '#realtime/index'
import { chatService } from '#chat/services/chat_service'

/**
 * The conversations page: each conversation with the other people, its last
 * message, unread count and whether they are online (or when last seen).
 * Across a block neither sees whether the other is online.
 */
export async function inboxOf(userId: number) {
  const conversations = await chatService.conversationsOf(userId)
  const otherIds = conversations.flatMap((conversation) => conversation.otherIds)
  const [people, blocked] = await Promise.all([
    userDirectory.cards(otherIds),
    chatService.blockedAmong(userId, otherIds),
  ])
  const online = await presence.status(otherIds.filter((id) => !blocked.has(id)))
  return conversations.map((conversation) => ({
    ...conversation,
    others: conversation.otherIds.map((id) => people.get(id)).filter(Boolean),
    online: conversation.otherIds.some((id) => online.get(id)?.online),
    lastSeenAt:
      conversation.otherIds.length === 1 ? online.get(conversation.otherIds[0])?.lastSeenAt : null,
    lastMine: conversation.lastMessage?.senderId === userId,
  }))
}

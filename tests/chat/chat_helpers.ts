import { randomUUID } from 'node:crypto'
import { UserFactory } from '#database/factories/user_factory'
import { chatService } from '#chat/index'
import type { TestSocket } from '#tests/realtime/ws_client'

type Locale = 'zh-CN' | 'en'

const userIn = (locale: Locale) =>
  locale === 'zh-CN' ? UserFactory.apply('chinese').create() : UserFactory.create()

/** Two users with a direct conversation between them, reading Chinese unless told otherwise. */
export async function conversationPair(aLocale: Locale = 'zh-CN', bLocale: Locale = 'zh-CN') {
  const a = await userIn(aLocale)
  const b = await userIn(bLocale)
  const { id } = await chatService.directConversation(a.id, b.id)
  return { a, b, id }
}

/** What the user has not read in the conversation. */
export async function unreadIn(userId: number, conversationId: number) {
  const counts = await chatService.unreadCounts(userId)
  return counts.byConversation.get(conversationId) ?? 0
}

/** What the user has not read in all their conversations (the header count). */
export async function unreadTotal(userId: number) {
  const counts = await chatService.unreadCounts(userId)
  return counts.total
}

/** Sends a chat message over the socket (a fresh client id unless given) and returns the reply. */
export function sendOver(
  socket: TestSocket,
  conversationId: number,
  body: string,
  clientId: string = randomUUID()
) {
  return socket.request({ type: 'chat.send', conversationId, clientId, body })
}

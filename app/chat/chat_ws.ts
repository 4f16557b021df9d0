import { errors as limiterErrors } from '@adonisjs/limiter'
import { ChatError, chatService } from '#chat/services/chat_service'
import { messageViews } from '#chat/services/message_views'
import {
  wsReadValidator,
  wsSendValidator,
  wsSyncValidator,
  wsConversationValidator,
} from '#chat/validators/chat_validators'
import { WsError, wsHandlers, wsHub, presence, wsRooms } from '#realtime/index'

/*
| Chat over the WebSocket module (protocol: app/realtime/ws/index.ts).
|   join {room:'conversation:<id>'}            members only, not across a block
|   chat.send {conversationId, clientId, body}  → reply {type:'chat.sent', conversationId, message, html}
|                                                 room gets {type:'chat.message', conversationId, message, html}
|   chat.typing {conversationId}                 others in the room get {type:'chat.typing', conversationId, userId}
|   chat.read {conversationId, upToId}           → reply {type:'chat.marked', conversationId, upToId}
|                                                 room gets {type:'chat.read', conversationId, userId, upToId}
|   chat.sync {conversationId, afterId}          → reply {type:'chat.synced', conversationId, messages, html, hasMore}
|   chat.presence {conversationId}               → reply {type:'chat.presence', conversationId,
|                                                   users: [{userId, online, lastSeenAt}]}
| `html` is the messages as the receiving member's page shows them (resources/views/chat/_messages.edge:
| their language and time zone, mine or theirs, every text escaped): each member's sockets in the
| room get their own (a delivery per member), so the client inserts it and builds no message itself.
| A member's sockets also get {type:'chat.unread', conversationId, unread, total}.
| A block takes both users' sockets out of the room; each gets {type:'chat.blocked', conversationId}.
| Typing and presence are refused (forbidden) across a block; sending more than the
| per-user allowance (chat_throttle.ts) is refused with `rate_limited`.
*/

/** A refusal of the service, as a socket error in the user's language. */
function asWsError(error: unknown): never {
  if (error instanceof ChatError) {
    if (error.reason === 'not_member') throw new WsError('forbidden')
    throw new WsError(`chat.${error.reason}`, { messageKey: error.messageKey })
  }
  if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
    throw new WsError('rate_limited', { messageKey: 'chat.errors.rate_limited' })
  }
  throw error
}

/** A member's access, refused (forbidden) when not a member or when a block stands between the two. */
async function unblockedAccess(conversationId: number, userId: number) {
  const access = await chatService.accessOrFail(conversationId, userId).catch(asWsError)
  if (access.iBlocked || access.blockedMe) throw new WsError('forbidden')
  return access
}

export function registerChatWs() {
  const off = [
    wsRooms.register('conversation', {
      authorize: (userId, id) => /^\d{1,15}$/.test(id) && chatService.mayJoin(Number(id), userId),
    }),

    wsHandlers.register('chat.send', {
      validator: wsSendValidator,
      async handle(connection, message) {
        const { conversationId, clientId, body } = message
        const sent = await chatService
          .send(conversationId, connection.userId, clientId, body)
          .catch(asWsError)
        const html = await messageViews.forUser([sent.message], connection.userId)
        connection.reply(message, {
          type: 'chat.sent',
          conversationId,
          message: sent.message,
          html,
        })
      },
    }),

    wsHandlers.register('chat.typing', {
      validator: wsConversationValidator,
      async handle(connection, message) {
        const room = `conversation:${message.conversationId}`
        // only a member in the room may type to it, and not across a block made after joining
        if (!connection.rooms.has(room)) throw new WsError('forbidden')
        await unblockedAccess(message.conversationId, connection.userId)
        await wsHub.publishToRoom(
          room,
          {
            type: 'chat.typing',
            conversationId: message.conversationId,
            userId: connection.userId,
          },
          { exceptUserId: connection.userId }
        )
      },
    }),

    wsHandlers.register('chat.read', {
      validator: wsReadValidator,
      async handle(connection, message) {
        const { conversationId, upToId } = message
        const marker = await chatService
          .markRead(conversationId, connection.userId, upToId)
          .catch(asWsError)
        connection.reply(message, { type: 'chat.marked', conversationId, upToId: marker })
      },
    }),

    wsHandlers.register('chat.presence', {
      validator: wsConversationValidator,
      async handle(connection, message) {
        const { conversationId } = message
        const access = await unblockedAccess(conversationId, connection.userId)
        const statuses = await presence.status(access.otherIds)
        connection.reply(message, {
          type: 'chat.presence',
          conversationId,
          users: access.otherIds.map((userId) => ({
            userId,
            online: statuses.get(userId)?.online ?? false,
            lastSeenAt: statuses.get(userId)?.lastSeenAt?.toISOString() ?? null,
          })),
        })
      },
    }),

    wsHandlers.register('chat.sync', {
      validator: wsSyncValidator,
      async handle(connection, message) {
        const { conversationId, afterId } = message
        await chatService.accessOrFail(conversationId, connection.userId).catch(asWsError)
        const { messages, hasMore } = await chatService.after(conversationId, afterId)
        const html = await messageViews.forUser(messages, connection.userId)
        connection.reply(message, { type: 'chat.synced', conversationId, messages, html, hasMore })
      },
    }),

    // the other members see someone come online or leave at once, not at their next presence check
    // (conversationIdsOf leaves out direct conversations across a block)
    presence.onChange(async (userId, status) => {
      for (const conversationId of await chatService.conversationIdsOf(userId)) {
        await wsHub.publishToRoom(
          `conversation:${conversationId}`,
          {
            type: 'chat.presence',
            conversationId,
            users: [
              {
                userId,
                online: status.online,
                lastSeenAt: status.lastSeenAt?.toISOString() ?? null,
              },
            ],
          },
          { exceptUserId: userId }
        )
      }
    }),
  ]
  return () => off.forEach((unregister) => unregister())
}

import vine from '@vinejs/vine'
import { recordIdRule } from '#shared/validators/record_id'

export const MESSAGE_MAX_LENGTH = 2000

const body = () => vine.string().trim().minLength(1).maxLength(MESSAGE_MAX_LENGTH)
const id = recordIdRule
const clientId = () => vine.string().uuid()

/** The send form of the conversation page (no JS): clientId is rendered with the form. */
export const sendMessageValidator = vine.create({ body: body(), clientId: clientId() })

/* WebSocket messages (app/chat/chat_ws.ts) */
export const wsSendValidator = vine.create({
  conversationId: id(),
  clientId: clientId(),
  body: body(),
})
/** chat.typing and chat.presence: just the conversation */
export const wsConversationValidator = vine.create({ conversationId: id() })
export const wsReadValidator = vine.create({ conversationId: id(), upToId: id() })
export const wsSyncValidator = vine.create({
  conversationId: id(),
  afterId: vine.number().withoutDecimals().min(0).max(Number.MAX_SAFE_INTEGER),
})

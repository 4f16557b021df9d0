import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { userDirectory, type UserCard } from '#identity/index'
import { safeBackPath } from '#shared/http/safe_back_path'
import { pageOrFragment } from '#shared/http/htmx'
import { ChatError, chatService, type ConversationAccess } from '#chat/services/chat_service'
import { presentMessage } from '#chat/services/message_views'
import { inboxOf } from '#chat/services/inbox'
import { presence, wsTickets } from '#realtime/index'
import { sendMessageValidator } from '#chat/validators/chat_validators'
import ChatPolicy from '#chat/policies/chat_policy'

const idOf = (value: unknown) => (/^\d{1,15}$/.test(String(value)) ? Number(value) : 0)

/** The user the URL names (a profile's actions), or ChatError('not_found'). */
async function userOf(ctx: HttpContext) {
  const user = await userDirectory.card(idOf(ctx.params.id))
  if (!user) throw new ChatError('not_found')
  return user
}

export default class ChatController {
  /** The signed-in user's conversations: the other person, last message, unread, presence. */
  async index({ auth, view }: HttpContext) {
    return view.render('chat/index', { conversations: await inboxOf(auth.user!.id) })
  }

  /** One conversation: history (newest at the bottom), "load earlier", the send form. */
  async show(ctx: HttpContext) {
    const me = ctx.auth.user!
    const access = await this.#access(ctx)
    const before = idOf(ctx.request.qs().before)
    if (!before) return this.#render(ctx, access)
    // "load earlier": the page before that message, or for htmx only its messages and the next link
    return pageOrFragment(
      ctx,
      {
        view: 'chat/_messages',
        state: async () => ({
          ...(await this.#page(access, me.id, before)),
          conversationId: access.id,
          readMarkerId: 0,
          timeZone: me.timeZone,
        }),
      },
      () => this.#render(ctx, access, { before })
    )
  }

  /** Sends from the form (no JS): stored once per rendered form (its clientId), then back to the page. */
  async send(ctx: HttpContext) {
    const me = ctx.auth.user!
    const access = await this.#access(ctx)
    if (access.iBlocked || access.blockedMe) {
      ctx.response.status(403)
      return this.#render(ctx, access, { error: ctx.i18n.t('chat.errors.blocked') })
    }
    const { body, clientId } = await ctx.request.validateUsing(sendMessageValidator)
    const { message } = await chatService.send(access.id, me.id, clientId, body)
    return ctx.response.redirect().toPath(`/messages/${access.id}#m${message.id}`)
  }

  /** From a profile: opens (or starts) the conversation with that person. */
  async start(ctx: HttpContext) {
    const other = await userOf(ctx)
    const me = ctx.auth.user!
    // writing first needs a verified address; an existing conversation just opens
    const existing = await chatService.directConversationId(me.id, other.id)
    await ctx.bouncer.with(ChatPolicy).authorize('start', existing !== null)
    const { id } = await chatService.directConversation(me.id, other.id)
    return ctx.response.redirect().toPath(`/messages/${id}`)
  }

  async block(ctx: HttpContext) {
    const other = await userOf(ctx)
    await chatService.block(ctx.auth.user!.id, other.id)
    ctx.session.flash('success', ctx.i18n.t('chat.blocked_done', { name: other.displayName }))
    return ctx.response.redirect().toPath(safeBackPath(ctx.request.input('back'), '/messages'))
  }

  async unblock(ctx: HttpContext) {
    const other = await userOf(ctx)
    await chatService.unblock(ctx.auth.user!.id, other.id)
    ctx.session.flash('success', ctx.i18n.t('chat.unblocked_done', { name: other.displayName }))
    return ctx.response.redirect().toPath(safeBackPath(ctx.request.input('back'), '/messages'))
  }

  /** The conversation of the URL for its member; someone else's: 403; no such conversation: 404. */
  async #access(ctx: HttpContext) {
    const id = idOf(ctx.params.id)
    const access = await chatService.access(id, ctx.auth.user!.id)
    if (access) return access
    throw new ChatError((await chatService.exists(id)) ? 'not_member' : 'not_found')
  }

  async #page(access: ConversationAccess, viewerId: number, before?: number) {
    const { messages, hasEarlier } = await chatService.history(access.id, { before })
    return {
      messages: messages.map((message) => presentMessage(message, viewerId)),
      hasEarlier,
      earliestId: messages[0]?.id ?? 0,
    }
  }

  async #render(
    ctx: HttpContext,
    access: ConversationAccess,
    { before, error }: { before?: number; error?: string } = {}
  ) {
    const me = ctx.auth.user!
    const [page, people] = await Promise.all([
      this.#page(access, me.id, before),
      userDirectory.cards(access.otherIds),
    ])
    const lastId = page.messages.at(-1)?.id ?? 0
    // opening the newest page reads it
    let lastReadId = access.lastReadId
    if (!before && lastId > access.lastReadId) {
      lastReadId = await chatService.markRead(access.id, me.id, lastId)
    }
    const others = access.otherIds.map((id) => people.get(id)).filter(Boolean) as UserCard[]
    const blocked = access.iBlocked || access.blockedMe
    // across a block neither sees whether the other is online
    const online = blocked ? new Map() : await presence.status(access.otherIds)
    const other = others.length === 1 ? others[0] : null
    const lastMine = [...page.messages].reverse().find((message) => message.mine)
    // over the ticket limit the page comes without one: its script asks for one later
    const minted = await wsTickets.issueWithinLimit(me.id, ctx.i18n.locale, ctx.session.sessionId)
    // the page carries a single-use ticket: never kept in a cache
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.view.render('chat/show', {
      wsTicket: minted?.ticket ?? '',
      conversation: { ...access, lastReadId },
      messages: page.messages,
      hasEarlier: page.hasEarlier,
      earliestId: page.earliestId,
      lastId,
      other,
      others,
      otherOnline: other ? Boolean(online.get(other.id)?.online) : false,
      otherLastSeen: other ? (online.get(other.id)?.lastSeenAt ?? null) : null,
      readMarkerId: lastMine && access.othersReadUpTo >= lastMine.id ? lastMine.id : 0,
      clientId: randomUUID(),
      error,
      blocked,
    })
  }
}

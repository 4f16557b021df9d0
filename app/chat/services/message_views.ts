import edge from 'edge.js'
import i18nManager from '@adonisjs/i18n/services/main'
import { userDirectory } from '#identity/index'
import { linkSegments } from '#chat/services/chat_text'

/** What the partial needs of a stored message (a ChatMessage). */
type Shown = { id: number; senderId: number; body: string; createdAt: string }

/** Whose page a message is rendered for: mine or theirs, their language and time zone. */
export type Reader = { id: number; locale: string; timeZone: string }

/** A message as the partials show it to one reader. */
export function presentMessage<T extends Shown>(message: T, readerId: number) {
  return { ...message, mine: message.senderId === readerId, segments: linkSegments(message.body) }
}

/**
 * Messages as the reader's conversation page shows them (chat/_messages.edge),
 * rendered outside a request: what a socket pushes is what a reload shows.
 */
export function messagesHtml(messages: Shown[], reader: Reader) {
  return edge
    .createRenderer()
    .share({ i18n: i18nManager.locale(reader.locale), locale: reader.locale })
    .render('chat/_messages', {
      messages: messages.map((message) => presentMessage(message, reader.id)),
      hasEarlier: false,
      readMarkerId: 0,
      timeZone: reader.timeZone,
    })
}

async function readers(userIds: number[]): Promise<Reader[]> {
  const cards = await userDirectory.cards(userIds)
  return [...cards.values()].map(({ id, locale, timeZone }) => ({ id, locale, timeZone }))
}

export const messageViews = {
  /** The messages as this user's page shows them ('' when there is no such user). */
  async forUser(messages: Shown[], userId: number) {
    if (!messages.length) return ''
    const [reader] = await readers([userId])
    return reader ? messagesHtml(messages, reader) : ''
  },

  /**
   * One message for each member, as their own page shows it: in their
   * language and time zone, marked mine or theirs. Members who read alike
   * share one rendering.
   */
  async forMembers(message: Shown, memberIds: number[]) {
    const rendered = new Map<string, Promise<string>>()
    const html = new Map<number, string>()
    for (const reader of await readers(memberIds)) {
      const mine = reader.id === message.senderId
      const key = `${reader.locale} ${reader.timeZone} ${mine}`
      if (!rendered.has(key)) rendered.set(key, messagesHtml([message], reader))
      html.set(reader.id, await rendered.get(key)!)
    }
    return html
  },
}

import type { I18n } from '@adonisjs/i18n'

/** Anything the server sends: a JSON object with a `type`. */
export type WsEvent = { type: string; [key: string]: unknown }

/** What every client message carries besides its own fields. */
export type WsMessageMeta = {
  type: string
  /** Optional client reference, echoed as `re` on the direct replies. */
  id?: string | number
}

/** One open socket of a signed-in user, as handlers see it. */
export interface WsConnection {
  /** Unique per socket (a user may have several tabs). */
  readonly id: string
  readonly userId: number
  readonly locale: string
  readonly i18n: I18n
  /** The rooms this socket has joined (and was authorised for). */
  readonly rooms: ReadonlySet<string>
  readonly isOpen: boolean
  /** Sends one event; false when the socket is closed or was closed for being too slow. */
  send(event: WsEvent): boolean
  /** Sends a reply to a client message: the event gets `re: message.id` when the message had an id. */
  reply(to: WsMessageMeta | null, event: WsEvent): boolean
  /** Replies `{ type: 'error', code, message, re? }`; message in the user's language. */
  fail(to: WsMessageMeta | null, code: string, details?: WsErrorDetails): boolean
  close(code: number, reason?: string): void
}

export type WsErrorDetails = {
  /** i18n key of the message; default `realtime.ws.<code>` */
  messageKey?: string
  messageData?: Record<string, unknown>
  /** Field errors (VineJS) for `invalid` */
  errors?: { field: string; message: string; rule: string }[]
}

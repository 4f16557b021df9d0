import type { Infer } from '@vinejs/vine/types'
import type { VineValidator } from '@vinejs/vine'
import type { WsConnection, WsMessageMeta } from '#realtime/ws/types'

type AnyValidator = VineValidator<any, any>

export interface WsHandler<V extends AnyValidator> {
  /** Validates the whole message object; unknown properties are dropped. */
  validator: V
  /** Runs after validation; throw a WsError to answer with an error event. */
  handle(connection: WsConnection, message: Infer<V> & WsMessageMeta): unknown
}

/**
 * The message types clients may send, each with its validator and handler.
 * The core registers join, leave, ping and signal (core_handlers.ts); other
 * modules register theirs under a prefix: `chat.send`, `chat.read`.
 */
class WsHandlers {
  #handlers = new Map<string, WsHandler<AnyValidator>>()

  /** Registers the handler of a message type; returns a function that removes it again. */
  register<V extends AnyValidator>(type: string, handler: WsHandler<V>) {
    if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(type)) throw new Error(`Invalid message type "${type}"`)
    if (this.#handlers.has(type)) throw new Error(`Message type "${type}" is already registered`)
    this.#handlers.set(type, handler)
    return () => {
      if (this.#handlers.get(type) === handler) this.#handlers.delete(type)
    }
  }

  get(type: string): WsHandler<AnyValidator> | undefined {
    return this.#handlers.get(type)
  }
}

export const wsHandlers = new WsHandlers()

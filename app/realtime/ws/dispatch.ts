import { errors as vineErrors } from '@vinejs/vine'
import logger from '@adonisjs/core/services/logger'
import type { Connection } from '#realtime/ws/connection'
import { WsError } from '#realtime/ws/errors'
import { wsHandlers } from '#realtime/ws/handlers'
import type { WsMessageMeta } from '#realtime/ws/types'
import { pathOfNul } from '#shared/http/nul_characters'

const TYPE_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/

/** The envelope every message shares, read by hand: it is checked before any handler is looked up. */
function envelopeOf(value: unknown): WsMessageMeta | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { type, id } = value as Record<string, unknown>
  if (typeof type !== 'string' || !TYPE_PATTERN.test(type)) return null
  const validId =
    id === undefined ||
    (typeof id === 'string' && id.length <= 64) ||
    (typeof id === 'number' && Number.isSafeInteger(id))
  return validId ? { type, id: id as WsMessageMeta['id'] } : null
}

/**
 * One client message: parse → envelope → handler for its type → validate →
 * handle. Every failure is answered with an error event; none closes the
 * connection or escapes.
 */
export async function dispatch(connection: Connection, data: Buffer, isBinary: boolean) {
  let parsed: unknown
  try {
    if (isBinary) throw new Error('binary frame')
    parsed = JSON.parse(data.toString('utf8'))
  } catch {
    connection.fail(null, 'bad_json')
    return
  }
  // PostgreSQL cannot store a NUL character: refused like any invalid field
  const nulAt = pathOfNul(parsed)
  if (nulAt) {
    connection.fail(envelopeOf(parsed), 'invalid', {
      errors: [
        { field: nulAt, rule: 'nul_character', message: connection.i18n.t('errors.nul_character') },
      ],
    })
    return
  }

  const meta = envelopeOf(parsed)
  if (!meta) {
    connection.fail(null, 'invalid', { messageKey: 'realtime.ws.not_a_message' })
    return
  }
  const handler = wsHandlers.get(meta.type)
  if (!handler) {
    connection.fail(meta, 'unknown_type')
    return
  }

  try {
    const message = await handler.validator.validate(parsed, {
      messagesProvider: connection.i18n.createMessagesProvider(),
    } as any)
    if (!connection.isOpen) return
    await handler.handle(connection, { ...message, ...meta })
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      connection.fail(meta, 'invalid', { errors: error.messages })
    } else if (error instanceof WsError) {
      connection.fail(meta, error.code, error.details)
    } else {
      logger.error({ err: error, type: meta.type }, 'WebSocket handler failed')
      connection.fail(meta, 'server_error')
    }
  }
}

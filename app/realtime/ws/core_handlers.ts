import type { Connection } from '#realtime/ws/connection'
import {
  joinValidator,
  leaveValidator,
  pingValidator,
  signalValidator,
} from '#realtime/ws/core_validators'
import { WsError } from '#realtime/ws/errors'
import { wsHandlers } from '#realtime/ws/handlers'
import { wsHub } from '#realtime/ws/hub'
import { localConnections } from '#realtime/ws/local_connections'
import { wsRooms } from '#realtime/ws/rooms'
import { wsSettings } from '#realtime/ws/settings'

/*
| The message types of the core. The registry hands handlers the socket as
| the public WsConnection; the core's own handlers know it is a Connection.
*/

wsHandlers.register('ping', {
  validator: pingValidator,
  handle(connection, message) {
    connection.reply(message, { type: 'pong' })
  },
})

/** `{type:'join', room}` → `{type:'joined', room}` once the room type's policy admits the user. */
wsHandlers.register('join', {
  validator: joinValidator,
  async handle(connection, message) {
    const { room } = message
    if (!connection.rooms.has(room)) {
      if (connection.rooms.size >= wsSettings.maxRoomsPerConnection) {
        throw new WsError('too_many_rooms', {
          messageData: { max: wsSettings.maxRoomsPerConnection },
        })
      }
      if (!(await wsRooms.authorize(connection.userId, room))) throw new WsError('forbidden')
      localConnections.join(connection as Connection, room)
    }
    connection.reply(message, { type: 'joined', room })
  },
})

wsHandlers.register('leave', {
  validator: leaveValidator,
  handle(connection, message) {
    localConnections.leave(connection as Connection, message.room)
    connection.reply(message, { type: 'left', room: message.room })
  },
})

/**
 * `{type:'signal', room, to?, data}`: relayed as `{type:'signal', room, from, data}`
 * to the room's other members (or only to `to`), on every instance. Only in
 * room types registered with `calls: true`, only by a member, and only while
 * the room's policy still admits them (a block or a revoked membership since
 * the join stops it): the policy decides who can call whom.
 */
wsHandlers.register('signal', {
  validator: signalValidator,
  async handle(connection, message) {
    const { room, to, data } = message
    if (!connection.rooms.has(room) || to === connection.userId) throw new WsError('forbidden')
    if (!wsRooms.allowsCalls(room)) throw new WsError('forbidden')
    if (!(await wsRooms.authorize(connection.userId, room))) throw new WsError('forbidden')
    await wsHub.publishToRoom(
      room,
      { type: 'signal', room, from: connection.userId, data },
      { toUserId: to, exceptUserId: connection.userId }
    )
  },
})

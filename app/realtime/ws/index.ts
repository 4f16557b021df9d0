/*
| The WebSocket module's public surface (ARCHITECTURE.md "WebSocket module").
|
| Connecting: a signed-in page POSTs /realtime/ws-ticket (CSRF header) →
| { ticket, expiresIn: 60 } and opens `/ws?ticket=…` within the minute; a
| ticket opens one socket. Frames are JSON objects `{ type, id?, … }` of at
| most 16 KB; `id` (string ≤ 64 or integer) comes back as `re` on replies.
| Errors: `{ type: 'error', code, message, for?, re?, errors? }` with the
| message in the user's language; codes bad_json, unknown_type, invalid
| (VineJS `errors`), forbidden, rate_limited, too_many_rooms, server_error.
| Core messages: ping → pong; join {room} → joined {room}; leave {room} →
| left {room}; signal {room, to?, data: {kind: offer|answer|ice|bye, sdp?,
| candidate?}} → others in the room get {type:'signal', room, from, data}.
|
| For other modules:
|   wsRooms.register(type, { authorize(userId, id) → boolean | Promise })
|       who may join `<type>:<id>` rooms; returns an unregister function.
|       Add `calls: true` to relay `signal` in that type's rooms (off by
|       default: signal elsewhere → forbidden); authorize is re-run on each signal.
|   wsHandlers.register(type, { validator: vine.create(…), handle(connection, message) })
|       a client message type ('chat.send'); `message` is the validated
|       object plus `type` and `id`; throw `new WsError(code, { messageKey })`
|       to answer with an error; returns an unregister function.
|   wsHub.publishToRoom(room, event, { toUserId?, exceptUserId? }) → Promise<void>
|   wsHub.publishToUser(userId, event) → Promise<void>
|       deliver `event` ({ type, … }) to the sockets in a room / of a user on
|       every instance (Redis pub/sub; local only without REDIS_URL).
|   wsHub.evictFromRoom(room, userIds, event?) → Promise<void>
|       take these users' sockets out of the room on every instance (e.g. a
|       block); each socket taken out gets `event` if given.
|   presence.status(userIds) → Promise<Map<userId, { online, lastSeenAt }>>
|   WsConnection: id, userId, locale, i18n, rooms, isOpen, send(event),
|       reply(message, event), fail(message, code, details?), close(code, reason?)
*/
export { wsRooms, type WsRoomPolicy } from '#realtime/ws/rooms'
export { wsHandlers, type WsHandler } from '#realtime/ws/handlers'
export { wsHub, type RoomDelivery } from '#realtime/ws/hub'
export { presence, type PresenceStatus } from '#realtime/ws/presence'
export { WsError, CLOSE as WS_CLOSE } from '#realtime/ws/errors'
export type { WsConnection, WsEvent, WsMessageMeta, WsErrorDetails } from '#realtime/ws/types'

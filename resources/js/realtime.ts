/*
| The signed-in pages' live parts, one chunk loaded on demand (guests never
| download it): the bell over Transmit SSE, and the conversation page over
| the WebSocket.
*/
export { liveNotifications } from './live_notifications.js'
export { chat } from './chat.js'

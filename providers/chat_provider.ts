import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers chat with the lower modules at boot: its WebSocket room type and
 * message handlers (app/chat/chat_ws.ts).
 */
export default class ChatProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (!['web', 'test'].includes(this.app.getEnvironment())) return
    const { registerChatWs } = await import('#chat/chat_ws')
    registerChatWs()
  }
}

import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers chat with the lower modules at boot: its header part (layout
 * data), the profile's "send a message" action, its WebSocket room type and
 * message handlers (app/chat/chat_ws.ts).
 */
export default class ChatProvider {
  constructor(protected app: ApplicationService) {}

  /** The header's messages link with its unread count. */
  async boot() {
    const { layoutData } = await import('#shared/http/layout_data')
    const { chatLayout } = await import('#chat/services/chat_layout')
    layoutData.register(chatLayout)
    const { profileActions } = await import('#identity/index')
    profileActions.register({
      name: 'message',
      order: 10,
      component: 'chat/_profile_action',
      // a signed-in visitor may write to the person (blocks are checked when sending)
      load: async ({ profile, viewerId }) =>
        viewerId && viewerId !== profile.id ? { profileId: profile.id } : null,
    })
  }

  async ready() {
    if (!['web', 'test'].includes(this.app.getEnvironment())) return
    const { registerChatWs } = await import('#chat/chat_ws')
    registerChatWs()
  }
}

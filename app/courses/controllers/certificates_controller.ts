import type { HttpContext } from '@adonisjs/core/http'
import { certificates } from '#courses/services/certificates'

/** Anyone holding a certificate's code checks it (结业证书验证). */
export default class CertificatesController {
  async show({ view, params, response }: HttpContext) {
    const certificate = await certificates.verify(params.code)
    // never kept anywhere as valid: a revocation shows on the next look
    response.header('Cache-Control', 'no-store')
    response.header('X-Robots-Tag', 'noindex')
    return view.render('courses/learning/certificate', { certificate, own: false })
  }
}

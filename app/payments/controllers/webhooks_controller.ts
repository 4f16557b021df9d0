import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import { paymentProviders } from '#payments/services/payment_providers'
import { paymentSettlement } from '#payments/services/payment_settlement'
import { WebhookSignatureError } from '#payments/providers/payment_provider'

/**
 * Provider notifications (webhooks, Alipay's notify): verified on the raw
 * body as it arrived; a bad signature is a 400 that changes nothing; a
 * verified event is acted on once and acknowledged the way its provider
 * expects, an unknown one acknowledged and ignored.
 */
export default class WebhooksController {
  async handle({ params, request, response }: HttpContext) {
    const provider = paymentProviders.get(params.provider)
    if (!provider) return response.notFound('unknown provider')
    let notification
    try {
      notification = await provider.verifyNotification({
        rawBody: request.raw() ?? '',
        headers: request.headers() as Record<string, string | undefined>,
      })
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error
      logger.warn({ provider: provider.name, why: error.message }, 'webhook refused')
      return response.badRequest('invalid signature')
    }
    await paymentSettlement.receive(provider.name, notification)
    response.header('content-type', provider.acknowledgement.contentType)
    return response.send(provider.acknowledgement.body)
  }
}

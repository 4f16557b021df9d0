import type { HttpContext } from '@adonisjs/core/http'
import PayoutAdminPolicy from '#payments/policies/payout_admin_policy'
import { payoutQueue, QUEUE_STATUSES } from '#payments/services/payout_queue'
import { payoutService } from '#payments/services/payout_service'
import {
  payoutPaidValidator,
  payoutQueueValidator,
  payoutRejectValidator,
} from '#payments/validators/payout_validators'

/** The admins' payout queue (提现审核): approve, mark paid, reject with a reason. */
export default class PayoutsAdminController {
  async index({ request, view, bouncer, response }: HttpContext) {
    await bouncer.with(PayoutAdminPolicy).authorize('manage')
    const { status = 'requested' } = await payoutQueueValidator.validate(request.qs())
    const [entries, counts] = await Promise.all([payoutQueue.list(status), payoutQueue.counts()])
    response.header('Cache-Control', 'private, no-store')
    return view.render('payments/admin/payouts', {
      entries,
      counts,
      status,
      statuses: QUEUE_STATUSES,
    })
  }

  async approve({ params, response, bouncer, auth, session, i18n }: HttpContext) {
    await bouncer.with(PayoutAdminPolicy).authorize('manage')
    await payoutService.approve(auth.user!, params.id)
    session.flash('success', i18n.t('payments_admin.approved', { id: params.id }))
    return response.redirect().toRoute('admin.payouts.index', {}, { qs: { status: 'approved' } })
  }

  async markPaid({ params, request, response, bouncer, auth, session, i18n }: HttpContext) {
    await bouncer.with(PayoutAdminPolicy).authorize('manage')
    const { reference } = await request.validateUsing(payoutPaidValidator)
    await payoutService.markPaid(auth.user!, params.id, reference ?? null)
    session.flash('success', i18n.t('payments_admin.paid', { id: params.id }))
    return response.redirect().toRoute('admin.payouts.index', {}, { qs: { status: 'paid' } })
  }

  async reject({ params, request, response, bouncer, auth, session, i18n }: HttpContext) {
    await bouncer.with(PayoutAdminPolicy).authorize('manage')
    const { reason } = await request.validateUsing(payoutRejectValidator)
    await payoutService.reject(auth.user!, params.id, reason)
    session.flash('success', i18n.t('payments_admin.rejected', { id: params.id }))
    return response.redirect().toRoute('admin.payouts.index', {}, { qs: { status: 'rejected' } })
  }
}

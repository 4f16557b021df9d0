import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'

const PayoutsAdminController = () => import('#payments/controllers/payouts_admin_controller')

/* the payout queue, for admins (PayoutAdminPolicy decides in each action) */
router
  .group(() => {
    router.get('/payouts', [PayoutsAdminController, 'index']).as('admin.payouts.index')
    router
      .post('/payouts/:id/approve', [PayoutsAdminController, 'approve'])
      .as('admin.payouts.approve')
    router.post('/payouts/:id/paid', [PayoutsAdminController, 'markPaid']).as('admin.payouts.paid')
    router
      .post('/payouts/:id/reject', [PayoutsAdminController, 'reject'])
      .as('admin.payouts.reject')
  })
  .prefix('/admin')
  // said here too, not only by #shared/routes' global matcher: these routes never see a non-id
  .where('id', recordId)
  .use(middleware.auth())

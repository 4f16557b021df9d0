import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'

const IncomeController = () => import('#payments/controllers/income_controller')

/* a master identity's income, statements and payout requests (IncomePolicy; a payout's owner in the service) */
router
  .group(() => {
    router.get('/income', [IncomeController, 'index']).as('income.index')
    router.get('/income/statement.csv', [IncomeController, 'statement']).as('income.statement')
    router.post('/income/payouts', [IncomeController, 'requestPayout']).as('income.payouts.store')
    router
      .post('/income/payouts/:id/cancel', [IncomeController, 'cancelPayout'])
      .as('income.payouts.cancel')
  })
  .where('id', recordId)
  .use(middleware.auth())

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const IncomeController = () => import('#payments/controllers/income_controller')

/* a master identity's income, statements and payout requests (IncomePolicy) */
router
  .group(() => {
    router.get('/income', [IncomeController, 'index']).as('income.index')
    router.get('/income/statement.csv', [IncomeController, 'statement']).as('income.statement')
    router.post('/income/payouts', [IncomeController, 'requestPayout']).as('income.payouts.store')
  })
  .use(middleware.auth())

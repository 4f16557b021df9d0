import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { errors as vineErrors } from '@vinejs/vine'
import { UnknownMonthError } from '#payments/payout_errors'
import IncomePolicy from '#payments/policies/income_policy'
import { incomePage } from '#payments/services/income_page'
import { incomeReport } from '#payments/services/income_report'
import { statementCsv } from '#payments/services/statement_csv'
import { parseYuan } from '#payments/services/money'
import { payoutService } from '#payments/services/payout_service'
import { payoutRequestValidator, statementValidator } from '#payments/validators/payout_validators'

const STATEMENT_COLUMNS = ['date', 'order', 'item', 'gross', 'fee', 'net', 'refunded']

/**
 * The active master identity's income (收入): the page, a month's statement,
 * asking for a payout and cancelling it while it waits.
 */
export default class IncomeController {
  /** Anyone signed in: a master identity sees its money; anyone else is told what this page is. */
  async index({ view, identity, auth, i18n, response }: HttpContext) {
    response.header('Cache-Control', 'private, no-store')
    if (identity?.role !== 'master') return view.render('payments/income/not_master')
    const page = await incomePage.build(identity.id, { i18n, zone: auth.user!.timeZone })
    return view.render('payments/income/show', { ...page, identity })
  }

  async statement({ request, response, bouncer, identity, auth, i18n }: HttpContext) {
    await bouncer.with(IncomePolicy).authorize('view', identity)
    const zone = auth.user!.timeZone
    const query = await statementValidator.validate(request.qs()).catch((error) => {
      throw error instanceof vineErrors.E_VALIDATION_ERROR ? new UnknownMonthError() : error
    })
    const month = query.month ?? DateTime.now().setZone(zone).toFormat('yyyy-MM')
    const rows = await incomeReport.statement(identity!.id, month, zone)
    const headings = STATEMENT_COLUMNS.map((column) => i18n.t(`payments_income.csv.${column}`))
    const date = (at: Date) => DateTime.fromJSDate(at).setZone(zone).toFormat('yyyy-MM-dd HH:mm')
    response.header('Content-Type', 'text/csv; charset=utf-8')
    response.header('Content-Disposition', `attachment; filename="statement-${month}.csv"`)
    response.header('Cache-Control', 'private, no-store')
    return statementCsv(rows, headings, date)
  }

  async requestPayout({ request, response, bouncer, identity, auth, session, i18n }: HttpContext) {
    await bouncer.with(IncomePolicy).authorize('requestPayout', identity)
    const form = await request.validateUsing(payoutRequestValidator)
    const payout = await payoutService.request(
      { userId: auth.user!.id, identityId: identity!.id },
      parseYuan(form.amount)!,
      { method: form.method, accountName: form.accountName, account: form.payoutAccount }
    )
    session.flash('success', i18n.t('payments_income.requested', { id: payout.id }))
    return response.redirect().toRoute('income.index')
  }

  async cancelPayout({ params, response, bouncer, identity, auth, session, i18n }: HttpContext) {
    await bouncer.with(IncomePolicy).authorize('view', identity)
    const who = { userId: auth.user!.id, identityId: identity!.id }
    const payout = await payoutService.cancel(who, params.id)
    session.flash('success', i18n.t('payments_income.cancelled', { id: payout.id }))
    return response.redirect().toRoute('income.index')
  }
}

import { DateTime } from 'luxon'
import type { I18n } from '@adonisjs/i18n'
import paymentsConfig from '#config/payments'
import Payout from '#payments/models/payout'
import { earningsBoth } from '#payments/services/earnings'
import { incomeReport } from '#payments/services/income_report'
import { earningsChart } from '#payments/services/earnings_chart'
import { formatMoney } from '#payments/services/money'
import { payoutService } from '#payments/services/payout_service'

async function inPayout(identityId: number) {
  const row = await Payout.query()
    .where('master_identity_id', identityId)
    .whereIn('status', ['requested', 'approved'])
    .sum('amount as total')
    .first()
  return Number(row?.$extras.total ?? 0)
}

/**
 * The day a sale paid at `paidAt` becomes available, in the reader's zone
 * ("12月8日", "December 8"): the clearing period after its payment (the
 * hourly clearing job moves it within the hour).
 */
function clearedOn(paidAt: Date, zone: string, locale: string) {
  return DateTime.fromJSDate(paidAt)
    .plus({ days: paymentsConfig.clearingDays })
    .setZone(zone)
    .setLocale(locale)
    .toLocaleString({ month: 'long', day: 'numeric' })
}

/**
 * The income page (收入管理) of one master identity: what waits for the
 * clearing period, what can be paid out, what it sold, month by month and
 * item by item, and its payouts.
 */
export const incomePage = {
  async build(identityId: number, { i18n, zone }: { i18n: I18n; zone: string }) {
    const [{ pending, available }, payingOut, totals, months, items, payouts, oldest] =
      await Promise.all([
        earningsBoth(identityId),
        inPayout(identityId),
        incomeReport.totals(identityId),
        incomeReport.byMonth(identityId, zone),
        incomeReport.byItem(identityId),
        payoutService.forIdentity(identityId),
        incomeReport.oldestPending(identityId),
      ])
    const amount = (fen: number) => formatMoney(fen, i18n.locale)
    const chart = earningsChart(months, {
      title: i18n.t('payments_income.by_month_title'),
      description: i18n.t('payments_income.by_month_description', {
        total: amount(months.reduce((sum, month) => sum + month.net, 0)),
      }),
      amount,
    })
    return {
      balances: { pending, available, payingOut },
      firstAvailableOn: oldest && pending > 0 ? clearedOn(oldest, zone, i18n.locale) : null,
      totals,
      months,
      chart,
      items,
      payouts,
      minimum: paymentsConfig.payoutMinimum,
      clearingDays: paymentsConfig.clearingDays,
      currentMonth: months[months.length - 1].month,
    }
  },
}

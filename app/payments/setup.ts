import edge from 'edge.js'
import { jobs } from '#shared/jobs/jobs'
import { notificationKinds } from '#realtime/index'
import { dashboardSections } from '#identity/index'
import { clearEarningsJob } from '#payments/jobs/clear_earnings'
import { payoutNotificationTopic } from '#payments/payout_notifications'
import { incomeDashboardSection } from '#payments/services/income_dashboard'
import { formatMoney } from '#payments/services/money'

/**
 * What payments adds at boot: its jobs, notification kinds, dashboard
 * section and template helpers. Once per process (tests boot twice).
 */
let done = false

export async function setUpPayments() {
  if (done) return
  done = true
  // earnings become available after the clearing period
  jobs.register(clearEarningsJob)
  // a master hears of each step of their payouts
  notificationKinds.register(payoutNotificationTopic)
  // "收入" on a master's dashboard
  dashboardSections.register(incomeDashboardSection)
  /** "¥1,234.50" from fen */
  edge.global('money', formatMoney)
}

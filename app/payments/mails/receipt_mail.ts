import { BaseMail } from '@adonisjs/mail'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import i18nManager from '@adonisjs/i18n/services/main'
import { appUrl } from '#config/app'
import { mailJob } from '#shared/mail/mail_jobs'
import { mailRecipients } from '#identity/index'
import Order from '#payments/models/order'
import { formatMoney } from '#payments/services/money'

type ReceiptData = {
  email: string
  name: string
  locale: string
  number: string
  paidAt: string
  lines: { title: string; amount: string }[]
  total: string
  link: string
}

/** The buyer's receipt (收据) for a paid order. */
export default class ReceiptMail extends BaseMail {
  constructor(readonly data: ReceiptData) {
    super()
  }

  prepare() {
    const i18n = i18nManager.locale(this.data.locale)
    const data = { ...this.data, i18n }
    this.message
      .to(this.data.email)
      .subject(i18n.t('payments.mail.receipt_subject', { number: this.data.number }))
      .htmlView('payments/mails/receipt_mail', data)
      .textView('payments/mails/receipt_mail_text', data)
  }
}

const receiptMailJob = mailJob(
  'payments.receipt-mail',
  (data: ReceiptData) => new ReceiptMail(data)
)

/**
 * Enqueued in the transaction that marks the order paid (once per order):
 * the receipt as the order stands then, in the buyer's language.
 */
export const receiptMails = {
  job: receiptMailJob.job,

  async send(orderId: number, options: { client: TransactionClientContract; key: string }) {
    const order = await Order.query({ client: options.client })
      .where('id', orderId)
      .preload('items')
      .firstOrFail()
    const recipients = await mailRecipients.of([order.buyerUserId])
    const recipient = recipients.get(order.buyerUserId)
    if (!recipient) return
    const locale = recipient.locale === 'en' ? 'en' : 'zh-CN'
    const paidAt = (order.paidAt ?? order.updatedAt).setLocale(locale)
    return receiptMailJob.send(
      {
        email: recipient.email,
        name: recipient.displayName,
        locale,
        number: order.number,
        paidAt: paidAt.toLocaleString({ dateStyle: 'long', timeStyle: 'short' }),
        lines: order.items.map((item) => ({
          title: item.title,
          amount: formatMoney(item.amount, locale, order.currency),
        })),
        total: formatMoney(order.totalAmount, locale, order.currency),
        link: new URL(`/orders/${order.number}`, appUrl).href,
      },
      options
    )
  },
}

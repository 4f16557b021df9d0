import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, transports } from '@adonisjs/mail'
import { FileTransport } from '#shared/mail/file_transport'
import { isLocal } from '#config/app'

/** SMTP when SMTP_HOST is set; otherwise mails are written to tmp/mails. */
export const mailsDirectory = env.get('LOCAL_STATE_DIR')
  ? `${env.get('LOCAL_STATE_DIR')}/mails`
  : app.tmpPath('mails')

/** The /dev/mails preview: only on a local machine that writes mails to disk. */
export const mailPreviewEnabled = !env.get('SMTP_HOST') && (isLocal || app.inTest)

const mailConfig = defineConfig({
  default: env.get('SMTP_HOST') ? 'smtp' : 'file',
  from: env.get('MAIL_FROM', 'Master Guide <no-reply@master-guide.local>'),
  mailers: {
    smtp: transports.smtp({
      host: env.get('SMTP_HOST', 'localhost'),
      port: env.get('SMTP_PORT', 587),
      secure: env.get('SMTP_SECURE', false),
      auth: env.get('SMTP_USERNAME')
        ? { type: 'login', user: env.get('SMTP_USERNAME')!, pass: env.get('SMTP_PASSWORD', '') }
        : undefined,
    }),
    file: () => new FileTransport(mailsDirectory),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}

import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { BaseMail } from '@adonisjs/mail'
import type { NodeMailerMessage } from '@adonisjs/mail/types'
import AccountMail from '#identity/mails/account_mail'
import CertificationMail from '#identity/mails/certification_mail'
import NotificationDigestMail from '#realtime/mails/notification_digest_mail'
import { deliverOnce } from '#shared/mail/mail_jobs'

/*
| The text part of a mail is text/plain: names, notes and translations reach
| it as typed ("Anna O'Neil", "wasn't"); the HTML part stays escaped. Each
| mail goes through deliverOnce, the path of every mail job.
*/

const NAME = `Anna O'Neil & <Co>`
const ESCAPED = 'Anna O&#x27;Neil &amp; &lt;Co&gt;'
const recipient = { email: 'anna@example.com', displayName: NAME, locale: 'en' }

/** The message the transport received for one mail sent through deliverOnce. */
async function deliver(build: () => BaseMail) {
  const fake = mail.fake()
  const sent: NodeMailerMessage[] = []
  const send = fake.transport.send.bind(fake.transport)
  fake.transport.send = async (message: NodeMailerMessage) => {
    sent.push(message)
    return send(message)
  }
  const key = `test.plain-text:${randomUUID()}`
  try {
    await deliverOnce(key, 'test.plain-text', build)
  } finally {
    mail.restore()
    await db.from('mail_deliveries').where('key', key).delete()
  }
  return { text: String(sent[0].text), html: String(sent[0].html) }
}

test.group('Plain-text mails', () => {
  test('{name}: the text part is not HTML-escaped, the HTML part is')
    .with([
      {
        name: 'an account mail',
        build: () => new AccountMail('verify_email', recipient, 'http://localhost/verify/a&b'),
        also: ["wasn't you", 'http://localhost/verify/a&b'],
      },
      {
        name: 'a certification mail',
        build: () =>
          new CertificationMail(
            'reject',
            recipient,
            { id: 7, fieldNameZh: '陶艺', fieldNameEn: 'Pots & "Kilns"' },
            `Show the <foot> ring, don't glaze it`
          ),
        also: [`Show the <foot> ring, don't glaze it`, 'Pots & "Kilns"'],
      },
      {
        name: 'a notification digest',
        build: () =>
          new NotificationDigestMail({ id: 1, ...recipient }, [
            {
              id: 1,
              kind: 'certification.submitted',
              payload: { fieldNameZh: '陶艺', fieldNameEn: 'Pots', applicant: `Bob "B" O'Hara` },
              readAt: null,
              createdAt: new Date(),
            },
          ]),
        also: [`Bob "B" O'Hara`],
      },
    ])
    .run(async ({ assert }, { build, also }) => {
      const { text, html } = await deliver(build)
      assert.include(text, NAME)
      assert.notMatch(text, /&(#x?[0-9a-f]+|amp|lt|gt|quot);/i)
      for (const typed of also) assert.include(text, typed)
      assert.include(html, ESCAPED)
      assert.notInclude(html, NAME)
    })
})

import { test } from '@japa/runner'
import { setTimeout as sleep } from 'node:timers/promises'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import type { NodeMailerMessage } from '@adonisjs/mail/types'
import User from '#identity/models/user'
import type AccountMail from '#identity/mails/account_mail'
import { accountMails } from '#identity/mails/account_mail'
import { jobs } from '#shared/jobs/jobs'
import { accountMail, linkIn, resetThrottles, uniqueEmail } from '#tests/helpers'

/*
| These tests commit for real (no rolled-back transaction around them): the
| pg-boss workers and the concurrent attempts must see what the cause wrote.
| Each one works or deletes the jobs it queued and removes its users.
*/

const NAME = accountMails.job.name

/**
 * Captures mails like mail.fake(), and counts only what its transport
 * really delivered (the fake records a mail before the transport runs);
 * the transport can fail its first sends or take its time, as SMTP does.
 */
function mailbox(options: { failFirst?: number; delayMs?: number; failAfterSend?: boolean } = {}) {
  const fake = mail.fake()
  const transport = fake.transport
  const send = transport.send.bind(transport)
  const delivered: NodeMailerMessage[] = []
  const behaviour = { failFirst: 0, delayMs: 0, failAfterSend: false, ...options }
  transport.send = async (message: NodeMailerMessage) => {
    await sleep(behaviour.delayMs)
    if (behaviour.failFirst > 0) {
      behaviour.failFirst--
      throw new Error('451 4.3.0 try again later')
    }
    const response = await send(message)
    delivered.push(message)
    // the server accepted the mail, then the worker died before its commit
    if (behaviour.failAfterSend) throw new Error('worker lost after the send')
    return response
  }
  return {
    fake,
    behaviour,
    to: (email: string) => delivered.filter((sent) => String(sent.to) === email),
  }
}

const recipient = (email: string) => ({ email, displayName: '小林', locale: 'zh-CN' })
const verifyMail = (email: string) => ({
  kind: 'verify_email' as const,
  recipient: recipient(email),
  link: 'http://localhost/verify-email/test-token',
})

/** Enqueues a verification mail on its own (committed at once); its job id. */
async function enqueue(email: string) {
  const id = await accountMails.send(verifyMail(email))
  if (!id) throw new Error('the mail was not enqueued')
  return id
}

async function jobState(id: string) {
  const job = await jobs.instance.getJobById(NAME, id)
  return job?.state
}

test.group('Mail jobs', (group) => {
  group.each.setup(async () => {
    await resetThrottles()
    return () => mail.restore()
  })

  test('a mail whose cause rolls back leaves no job; a committed one leaves one, its data sealed', async ({
    assert,
    cleanup,
  }) => {
    const email = uniqueEmail('rolled-back')
    let enqueued: string | null = null

    await assert.rejects(() =>
      db.transaction(async (trx) => {
        await User.create(
          { email, password: 'a fine password', displayName: '小林', locale: 'zh-CN' },
          { client: trx }
        )
        enqueued = await accountMails.send(verifyMail(email), { client: trx })
        throw new Error('the cause fails after its mail was enqueued')
      })
    )

    assert.isString(enqueued)
    assert.isNull(await jobs.instance.getJobById(NAME, enqueued!))
    assert.isNull(await User.findBy('email', email))

    const committed = await db.transaction((trx) =>
      accountMails.send(verifyMail(email), { client: trx })
    )
    cleanup(() => jobs.instance.deleteJob(NAME, committed!).then(() => undefined))
    const stored = await jobs.instance.getJobById(NAME, committed!)
    assert.equal(stored?.state, 'created')
    // the queue holds neither the link (its token is otherwise kept only as a hash) nor the address
    assert.notInclude(JSON.stringify(stored?.data), 'test-token')
    assert.notInclude(JSON.stringify(stored?.data), email)
  })

  test('a worker that fails once still sends the mail, once', async ({ assert }) => {
    const box = mailbox({ failFirst: 1 })
    const email = uniqueEmail('retried')
    const id = await enqueue(email)

    const first = await jobs.workQueued()
    assert.deepEqual(
      first.failed.map((failure) => failure.id),
      [id]
    )
    assert.lengthOf(box.to(email), 0)
    assert.equal(await jobState(id), 'retry')

    // the retry, without waiting out its delay
    const second = await jobs.workQueued({ ignoreStartAfter: true })
    assert.equal(second.completed, 1)
    assert.lengthOf(box.to(email), 1)
    assert.equal(await jobState(id), 'completed')

    const third = await jobs.workQueued({ ignoreStartAfter: true })
    assert.equal(third.completed, 0)
    assert.lengthOf(box.to(email), 1)
  })

  test('a job that sent its mail but never completed is retried without a second mail', async ({
    assert,
  }) => {
    const box = mailbox()
    const email = uniqueEmail('lost-completion')
    const id = await enqueue(email)

    // a worker claims the job and sends the mail; its completion never lands
    const [attempt] = await jobs.instance.fetch<any>(NAME)
    assert.equal(attempt.id, id)
    assert.isTrue(await accountMails.job.handler(attempt.data, attempt))
    await jobs.instance.fail(NAME, attempt, { message: 'the worker died before completing' })

    const retried = await jobs.workQueued({ ignoreStartAfter: true })
    assert.equal(retried.completed, 1)
    assert.equal(await jobState(id), 'completed')
    assert.lengthOf(box.to(email), 1)
  })

  test('two workers on the same job send one mail', async ({ assert }) => {
    const box = mailbox({ delayMs: 300 })
    const email = uniqueEmail('two-workers')
    const id = await enqueue(email)

    // worker A claims the job and starts sending (slowly) …
    const [first] = await jobs.instance.fetch<any>(NAME)
    const sendingA = accountMails.job.handler(first.data, first)
    // … its claim lapses (as an expired job does) and worker B takes the same job meanwhile
    await sleep(50)
    await jobs.instance.fail(NAME, first, { message: 'claim expired' })
    const [second] = await jobs.instance.fetch<any>(NAME, { ignoreStartAfter: true })
    assert.equal(second.id, id)
    const sendingB = accountMails.job.handler(second.data, second)

    const sent = await Promise.all([sendingA, sendingB])
    await jobs.instance.complete(NAME, second)

    assert.sameMembers(
      sent as boolean[],
      [true, false],
      'one attempt sent, the other found it sent'
    )
    assert.lengthOf(box.to(email), 1)
    assert.equal(await jobState(id), 'completed')
  })

  test('a send the server accepted but the worker never recorded goes again, with the same Message-ID', async ({
    assert,
  }) => {
    // the one window the guarantee leaves open (docs/decisions/005-durable-mail-jobs.md)
    const box = mailbox({ failAfterSend: true })
    const email = uniqueEmail('unrecorded')
    const id = await enqueue(email)

    const first = await jobs.workQueued()
    assert.lengthOf(first.failed, 1)
    assert.lengthOf(box.to(email), 1, 'the server has the mail')
    assert.equal(await jobState(id), 'retry')

    box.behaviour.failAfterSend = false
    const retried = await jobs.workQueued({ ignoreStartAfter: true })
    assert.equal(retried.completed, 1)
    const [lost, again] = box.to(email)
    assert.lengthOf(box.to(email), 2)
    assert.equal(lost.messageId, again.messageId)
    assert.match(String(again.messageId), /^<[0-9a-f]{32}@/)
  })
})

test.group('Mail jobs: a sign-up, end to end', (group) => {
  group.each.setup(async () => {
    await resetThrottles()
    return async () => {
      await jobs.offWork()
      mail.restore()
    }
  })

  test('the verification mail of a sign-up arrives through a pg-boss worker', async ({
    client,
    assert,
    cleanup,
  }) => {
    const box = mailbox()
    const email = uniqueEmail('end-to-end')
    cleanup(() =>
      User.query()
        .where('email', email)
        .delete()
        .then(() => undefined)
    )
    await jobs.work()

    const response = await client
      .post('/signup')
      .form({ displayName: '小林', email, password: 'a fine password' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/signup/check-inbox')

    const deadline = Date.now() + 15_000
    while (!box.to(email).length && Date.now() < deadline) await sleep(100)
    assert.lengthOf(box.to(email), 1, 'the worker delivered the mail')

    const [sent] = box.fake.mails.sent(accountMail('verify_email', email))
    const verified = await client.get(await linkIn(sent as AccountMail)).redirects(0)
    verified.assertHeader('location', '/login')
    const user = await User.findByOrFail('email', email)
    assert.isNotNull(user.emailVerifiedAt)
  }).timeout(30_000)
})

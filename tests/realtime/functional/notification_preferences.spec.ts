import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { notificationService, notificationPreferences } from '#realtime/index'
import { notificationDigest, DIGEST_DELAY_MINUTES } from '#realtime/services/notification_digest'
import type NotificationDigestMail from '#realtime/mails/notification_digest_mail'
import { jobs } from '#shared/jobs/jobs'
import { en, fieldErrors, isolateEachTest, workQueuedJobs } from '#tests/helpers'

const APPLICATION = { fieldNameZh: '陶艺', fieldNameEn: 'Ceramics', applicant: '小周' }

/** A new-application notice to a reviewer, `minutesAgo` old. */
async function submitted(reviewer: User, minutesAgo: number, applicant = '小周') {
  const record = await notificationService.notify(reviewer.id, 'certification.submitted', {
    ...APPLICATION,
    applicant,
  })
  await db
    .from('notifications')
    .where('id', record.id)
    .update({ created_at: new Date(Date.now() - minutesAgo * 60_000) })
  return record
}

const longAgo = DIGEST_DELAY_MINUTES + 5

test.group('Notification preferences', (group) => {
  isolateEachTest(group)

  test('the settings page offers each topic; staff also see the review queue', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const admin = await UserFactory.merge({ staffRole: 'admin' }).create()

    const page = await client.get('/settings/notifications').loginAs(user)
    page.assertStatus(200)
    page.assertTextIncludes(en('certification.notifications.topics.results.name'))
    assert.notInclude(page.text(), en('certification.notifications.topics.review_queue.name'))
    const staffPage = await client.get('/settings/notifications').loginAs(admin)
    staffPage.assertTextIncludes(en('certification.notifications.topics.review_queue.name'))
  })

  test('turning in-app off keeps a kind out of the list, the bell and the live feed', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()

    const saved = await client
      .post('/settings/notifications')
      .loginAs(user)
      .form({ 'topics[certification][email]': 'true' })
      .withCsrfToken()
      .redirects(0)
    saved.assertFlashMessage('success', en('notifications.preferences.saved'))
    const preferences = await notificationPreferences.forUser(user.id)
    assert.deepEqual(preferences.certification, {
      inApp: false,
      email: true,
    })
    await notificationService.notify(user.id, 'certification.approved', APPLICATION)

    assert.equal(await notificationService.unreadCount(user.id), 0)
    const feed = await client.get('/notifications/feed').loginAs(user)
    assert.deepEqual(feed.body().items, [])
  })

  test('turning email off for certification results stops the decision mail', async ({
    client,
  }) => {
    const { mails } = mail.fake()
    const admin = await UserFactory.merge({ staffRole: 'admin' }).create()
    const user = await UserFactory.create()
    await notificationPreferences.save(user.id, { certification: { inApp: true, email: false } })
    const field = await FieldFactory.create()
    const identity = await IdentityFactory.apply('pendingMaster')
      .merge({ userId: user.id, fieldId: field.id })
      .create()
    const [application] = await db
      .table('certification_applications')
      .insert({
        identity_id: identity.id,
        user_id: user.id,
        field_id: field.id,
        statement: 'x'.repeat(40),
        years_of_practice: 3,
        links: '[]',
        status: 'pending',
        submitted_at: new Date(),
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('*')

    const response = await client
      .post(`/admin/certifications/${application.id}/decision`)
      .form({ decision: 'approve' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/admin/certifications')
    await workQueuedJobs()
    mails.assertNoneSent()
  })

  test('bad preference input or a bad seen cursor is refused; a guest is sent to log in', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const bad = await client
      .post('/settings/notifications')
      .loginAs(user)
      .form({ 'topics[certification][inApp]': 'perhaps' })
      .withCsrfToken()
      .redirects(0)
    bad.assertStatus(302)
    assert.include(Object.keys(fieldErrors(bad)), 'topics.certification.inApp')
    const seen = await client
      .post('/notifications/seen')
      .loginAs(user)
      .json({ upTo: 'x' })
      .header('accept', 'application/json')
      .withCsrfToken()
    seen.assertStatus(422)
    const guest = await client.get('/settings/notifications').redirects(0)
    guest.assertHeader('location', '/login')
  })
})

test.group('Notification digests', (group) => {
  isolateEachTest(group)

  test('one mail gathers what waited unread and unseen; read, seen, fresh and email-off ones stay out', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const reviewer = await UserFactory.merge({ staffRole: 'moderator' }).create()
    const quiet = await UserFactory.merge({ staffRole: 'moderator' }).create()
    await notificationPreferences.save(quiet.id, { review_queue: { inApp: true, email: false } })
    const waiting = await submitted(reviewer, longAgo, '甲')
    const alsoWaiting = await submitted(reviewer, longAgo, '乙')
    const read = await submitted(reviewer, longAgo, '丙')
    await notificationService.markRead(reviewer.id, read.id)
    const seen = await submitted(reviewer, longAgo, '丁')
    await client
      .post('/notifications/seen')
      .loginAs(reviewer)
      .json({ upTo: seen.id })
      .withCsrfToken()
    await submitted(reviewer, 1, '戊')
    await submitted(quiet, longAgo, '己')

    // `seen` marked everything up to it seen, so only ids after it can be mailed
    const before = await notificationDigest.sendDue()
    assert.equal(before, 0, 'everything old enough was seen')

    const later = await submitted(reviewer, longAgo, '庚')
    const mailed = await notificationDigest.sendDue()

    assert.equal(mailed, 1)
    await workQueuedJobs()
    const sent = mails.sent()
    assert.lengthOf(sent, 1)
    const digest = sent[0] as NotificationDigestMail
    assert.deepEqual(
      digest.notifications.map((record) => record.id),
      [later.id]
    )
    assert.isAbove(later.id, Math.max(waiting.id, alsoWaiting.id))
    assert.equal(await notificationDigest.sendDue(), 0, 'a notification is mailed once')
  })

  test('an email-only notification is not marked seen or read by what the app showed', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const reviewer = await UserFactory.merge({ staffRole: 'admin' }).create()
    await notificationPreferences.save(reviewer.id, { review_queue: { inApp: false, email: true } })
    const emailOnly = await submitted(reviewer, longAgo, '甲')
    const shown = await notificationService.notify(
      reviewer.id,
      'certification.approved',
      APPLICATION
    )

    await client
      .post('/notifications/seen')
      .loginAs(reviewer)
      .json({ upTo: shown.id })
      .withCsrfToken()
    await notificationService.markAllRead(reviewer.id)

    assert.equal(await notificationDigest.sendDue(), 1)
    await workQueuedJobs()
    const [digest] = mails.sent() as NotificationDigestMail[]
    assert.deepEqual(
      digest.notifications.map((record) => record.id),
      [emailOnly.id]
    )
  })

  test('the digest lists each waiting notification in the reader language', async ({ assert }) => {
    const { mails } = mail.fake()
    const reviewer = await UserFactory.merge({ staffRole: 'admin', locale: 'en' }).create()
    await submitted(reviewer, longAgo, 'Ada')
    await submitted(reviewer, longAgo, 'Grace')

    assert.equal(await notificationDigest.sendDue(), 1)
    await workQueuedJobs()

    const [digest] = mails.sent() as NotificationDigestMail[]
    digest.build()
    assert.equal(
      digest.message.toJSON().message.subject,
      'You have 2 unread notifications · Master Guide'
    )
    assert.include(digest.message.toJSON().message.text as string, 'Grace')
  })

  test('the sweep runs as a pg-boss job', async ({ assert }) => {
    const { mails } = mail.fake()
    const reviewer = await UserFactory.merge({ staffRole: 'admin' }).create()
    await submitted(reviewer, longAgo)
    await jobs.work()
    try {
      const id = await jobs.runSoon('notifications-digest')
      assert.equal(await jobs.settle('notifications-digest', id!), 'completed')
    } finally {
      await jobs.offWork()
    }
    // the sweep ran in this test's transaction, so its mail job is worked here
    await workQueuedJobs()
    assert.lengthOf(mails.sent(), 1)
  }).timeout(30_000)
})

test.group('Notification digests: two sweeps at once', () => {
  test('two workers sweeping together mail each notification once', async ({ assert, cleanup }) => {
    const { mails } = mail.fake()
    cleanup(() => mail.restore())
    const reviewer = await UserFactory.merge({ staffRole: 'admin' }).create()
    cleanup(() => reviewer.delete())
    for (let index = 0; index < 3; index++) await submitted(reviewer, longAgo, `申请人${index}`)

    await Promise.all([notificationDigest.sendDue(), notificationDigest.sendDue()])
    await workQueuedJobs()

    // rows are committed here, so other readers' due rows may be swept too: count this reader's
    const sent = mails.sent() as NotificationDigestMail[]
    const toReviewer = sent.filter((digest) => digest.recipient.id === reviewer.id)
    assert.lengthOf(toReviewer, 1)
    assert.lengthOf(toReviewer[0].notifications, 3)
  })
})

import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import type User from '#identity/models/user'
import type Field from '#identity/models/field'
import CertificationMail from '#identity/mails/certification_mail'
import { certificationService } from '#identity/services/certification_service'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import { countRows, en, resetThrottles, workQueuedJobs } from '#tests/helpers'

/**
 * Races, on committed rows (no test transaction: each request takes its own
 * pool connection, as two browsers would), several rounds each. Everything
 * made is deleted after (users first: their rows cascade; fields last).
 */
const ROUNDS = 4

function removeAfter(cleanup: (fn: () => Promise<void>) => void) {
  const users: User[] = []
  const fields: Field[] = []
  cleanup(async () => {
    for (const [table, rows] of [
      ['users', users],
      ['fields', fields],
    ] as const) {
      await db
        .from(table)
        .whereIn(
          'id',
          rows.map((row) => row.id)
        )
        .delete()
    }
  })
  return {
    users: async (count: number) => {
      const made = await UserFactory.createMany(count)
      users.push(...made)
      return made
    },
    field: async () => {
      const field = await FieldFactory.create()
      fields.push(field)
      return field
    },
  }
}

test.group('Identities under concurrency', (group) => {
  group.each.setup(() => resetThrottles())
  group.each.teardown(() => mail.restore())

  test('two simultaneous clicks on "become an apprentice" make one identity, both land on it', async ({
    client,
    assert,
    cleanup,
  }) => {
    const made = removeAfter(cleanup)
    const [user] = await made.users(1)
    let first: number | null = null
    for (let round = 0; round < ROUNDS; round++) {
      const field = await made.field()
      const responses = await Promise.all(
        [1, 2].map(() =>
          client.post(`/fields/${field.slug}/apprentice`).loginAs(user).withCsrfToken().redirects(0)
        )
      )
      const identities = await db.from('identities').where({ user_id: user.id, field_id: field.id })
      assert.lengthOf(identities, 1, `round ${round}: one identity`)
      assert.equal(identities[0].role, 'apprentice')
      assert.equal(identities[0].status, 'active')
      for (const response of responses) {
        response.assertStatus(302)
        response.assertHeader('location', '/dashboard')
        response.assertSession('identity_id', identities[0].id)
      }
      first ??= identities[0].id
    }
    assert.equal(await countRows('identities', { user_id: user.id }), ROUNDS)
    const reloaded = await db.from('users').where('id', user.id).first()
    assert.equal(reloaded.default_identity_id, first, 'the first identity is the default')
  })

  test('two reviewers deciding at once: one decision wins whole, the other is told and changes nothing', async ({
    client,
    assert,
    cleanup,
  }) => {
    const { mails } = mail.fake()
    const made = removeAfter(cleanup)
    const field = await made.field()
    const [admin, moderator] = await made.users(2)
    await db.from('users').where('id', admin.id).update({ staff_role: 'admin' })
    await db.from('users').where('id', moderator.id).update({ staff_role: 'moderator' })
    const applicants = await made.users(ROUNDS)

    for (const [round, applicant] of applicants.entries()) {
      const application = await certificationService.apply(
        applicant,
        field,
        { statement: `round ${round}`, yearsOfPractice: 10 },
        []
      )
      const page = `/admin/certifications/${application.id}`
      const decide = (reviewer: User, form: Record<string, string>) =>
        client
          .post(`${page}/decision`)
          .form(form)
          .header('referer', page)
          .header('accept-language', 'en')
          .loginAs(reviewer)
          .withCsrfToken()
          .redirects(0)
      const [approving, rejecting] = await Promise.all([
        decide(admin, { decision: 'approve' }),
        decide(moderator, { decision: 'reject', note: 'not yet' }),
      ])

      // both answered: the winner back to the queue, the loser to the page, saying it changed
      const answers = [approving, rejecting].map((response) => ({
        status: response.status(),
        location: response.header('location'),
        error: response.flashMessage('error'),
      }))
      const won = answers.findIndex((answer) => answer.location === '/admin/certifications')
      const what = `round ${round}: ${JSON.stringify(answers)}`
      assert.notEqual(won, -1, what)
      assert.deepEqual(
        answers[1 - won],
        { status: 302, location: page, error: en('certification.changed') },
        what
      )
      assert.equal(answers[won].status, 302, what)
      const [status, identityStatus, action, kind] =
        won === 0
          ? ['approved', 'certified', 'approved', 'certification.approved']
          : ['rejected', 'rejected', 'rejected', 'certification.rejected']

      // the whole outcome is the winner's: statuses, one event, one notification, one mail
      const row = await db.from('certification_applications').where('id', application.id).first()
      assert.equal(row.status, status, what)
      const identity = await db.from('identities').where('id', application.identityId).first()
      assert.equal(identity.status, identityStatus, what)
      const decisions = await db
        .from('certification_events')
        .where('application_id', application.id)
        .whereNot('action', 'submitted')
      assert.deepEqual(
        decisions.map((event) => [event.action, event.actor_id]),
        [[action, won === 0 ? admin.id : moderator.id]],
        what
      )
      const notifications = await db.from('notifications').where('recipient_id', applicant.id)
      assert.deepEqual(
        notifications.map((notification) => notification.kind),
        [kind],
        what
      )
      await workQueuedJobs()
      const sent = mails.sent(
        (one) => one instanceof CertificationMail && one.message.hasTo(applicant.email)
      )
      assert.deepEqual(
        sent.map((one) => (one as CertificationMail).decision),
        [won === 0 ? 'approve' : 'reject'],
        what
      )
    }
  })
})

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import {
  certificationService,
  certificationSettings,
  OwnApplicationError,
} from '#identity/services/certification_service'
import { countRows, en, fieldErrors, isolateEachTest, pngFile } from '#tests/helpers'
import {
  appliedFor,
  decide,
  latestApplication,
  postApplication,
  staffMember,
  STATEMENT,
} from '#tests/identity/certification_helpers'

async function actionsOf(applicationId: number) {
  const events = await db
    .from('certification_events')
    .where('application_id', applicationId)
    .orderBy('id')
  return events.map((event) => event.action as string)
}

async function identityStatus(identityId: number) {
  const identity = await db.from('identities').where('id', identityId).first()
  return identity.status as string
}

test.group('Certification: nobody reviews their own application', (group) => {
  isolateEachTest(group)

  for (const role of ['moderator', 'admin'] as const) {
    test(`${role === 'admin' ? 'an' : 'a'} ${role} who applies cannot decide on it; the review page says why`, async ({
      client,
      assert,
    }) => {
      const applicant = await staffMember(role)
      const field = await FieldFactory.create()
      const application = await appliedFor(client, applicant, field)

      for (const decision of ['approve', 'reject', 'request_info']) {
        const response = await decide(client, applicant, application.id, {
          decision,
          note: 'self',
        })
        response.assertStatus(403)
      }
      assert.equal(await identityStatus(application.identity_id), 'pending')
      assert.deepEqual(await actionsOf(application.id), ['submitted'])

      const own = await client
        .get(`/admin/certifications/${application.id}`)
        .loginAs(applicant)
        .header('accept-language', 'en')
      own.assertStatus(200)
      own.assertTextIncludes(en('certification.own_application_note'))
      assert.notInclude(own.text(), 'name="decision"')

      const colleague = await client
        .get(`/admin/certifications/${application.id}`)
        .loginAs(await staffMember(role))
        .header('accept-language', 'en')
      assert.include(colleague.text(), 'name="decision"')
      assert.notInclude(colleague.text(), en('certification.own_application_note'))
    })
  }

  test('the service refuses it too, whoever calls it', async ({ client, assert }) => {
    const admin = await staffMember('admin')
    const application = await appliedFor(client, admin, await FieldFactory.create())
    const detail = await certificationService.detail(application.id)
    await assert.rejects(
      () => certificationService.decide(admin, detail, 'approve', null),
      OwnApplicationError
    )
    assert.equal(await identityStatus(application.identity_id), 'pending')
  })

  test('staff who apply are not notified to review themselves', async ({ client, assert }) => {
    const [moderator, admin] = [await staffMember('moderator'), await staffMember('admin')]
    await appliedFor(client, moderator, await FieldFactory.create())
    const told = async (userId: number) =>
      countRows('notifications', { recipient_id: userId, kind: 'certification.submitted' })
    assert.equal(await told(moderator.id), 0)
    assert.equal(await told(admin.id), 1)
  })
})

test.group('Certification: resubmitting', (group) => {
  isolateEachTest(group)

  test("resubmitting someone else's application is refused", async ({ client, assert }) => {
    const applicant = await UserFactory.create()
    const application = await appliedFor(client, applicant, await FieldFactory.create())
    const admin = await staffMember('admin')
    await decide(client, admin, application.id, { decision: 'request_info', note: '请补充近照' })

    for (const intruder of [await UserFactory.create(), admin]) {
      const response = await client
        .post(`/certification/applications/${application.id}/resubmit`)
        .fields({ statement: `${STATEMENT} 别人的修改。`, yearsOfPractice: 1 })
        .file('evidence[]', await pngFile('intruder.png'))
        .loginAs(intruder)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(403)
    }
    const reloaded = await db.from('certification_applications').where('id', application.id).first()
    assert.equal(reloaded.status, 'more_info_requested')
    assert.equal(reloaded.statement, STATEMENT)
    assert.equal(await countRows('certification_evidence', { application_id: application.id }), 1)
    assert.deepEqual(await actionsOf(application.id), ['submitted', 'more_info_requested'])
  })
})

test.group('Certification: applying again after a rejection', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    const before = certificationSettings.reapplyAfterDays
    return () => {
      certificationSettings.reapplyAfterDays = before
    }
  })

  test('a rejected applicant sees the truth, applies again and keeps the history', async ({
    client,
    assert,
  }) => {
    certificationSettings.reapplyAfterDays = 0
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const first = await appliedFor(client, user, field)
    user.defaultIdentityId = first.identity_id
    await user.save()
    await decide(client, await staffMember('admin'), first.id, {
      decision: 'reject',
      note: '作品照片不清楚',
    })

    const dashboard = await client.get('/dashboard').loginAs(user).header('accept-language', 'en')
    dashboard.assertTextIncludes(en('identity.master_status.rejected'))
    assert.notInclude(dashboard.text(), en('identity.master_status.pending'))
    assert.notInclude(dashboard.text(), en('identity.status.pending'))
    dashboard.assertTextIncludes(`/certification/apply?field=${field.slug}`)
    // the switcher says the same
    dashboard.assertTextIncludes(`${field.nameEn} · ${en('identity.status.rejected')}`)
    const page = await client
      .get(`/certification/applications/${first.id}`)
      .loginAs(user)
      .header('accept-language', 'en')
    page.assertTextIncludes(en('certification.reapply_lead'))

    const again = await postApplication(client, user, field)
    again.assertStatus(302)
    assert.deepEqual(fieldErrors(again), {})
    const second = await latestApplication(user, field)
    assert.notEqual(second.id, first.id)
    assert.equal(second.identity_id, first.identity_id)
    assert.equal(second.status, 'pending')
    assert.equal(await identityStatus(first.identity_id), 'pending')
    // the first application and its history are kept as they were
    const old = await db.from('certification_applications').where('id', first.id).first()
    assert.equal(old.status, 'rejected')
    assert.deepEqual(await actionsOf(first.id), ['submitted', 'rejected'])
    assert.deepEqual(await actionsOf(second.id), ['submitted'])

    const now = await client.get('/dashboard').loginAs(user).header('accept-language', 'en')
    now.assertTextIncludes(en('identity.master_status.pending'))
    now.assertTextIncludes(`/certification/applications/${second.id}`)
    now.assertTextIncludes(`${field.nameEn} · ${en('identity.status.pending')}`)
    const secondPage = await client
      .get(`/certification/applications/${second.id}`)
      .loginAs(user)
      .header('accept-language', 'en')
    secondPage.assertTextIncludes(`/certification/applications/${first.id}`)

    // while the new application is open, a third one is a duplicate
    const third = await postApplication(client, user, field)
    assert.equal(fieldErrors(third).fieldId[0], en('certification.already_applied'))
  })

  test('the cool-down from the settings refuses an early re-application, saying when', async ({
    client,
    assert,
  }) => {
    certificationSettings.reapplyAfterDays = 3
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const first = await appliedFor(client, user, field)
    await decide(client, await staffMember('moderator'), first.id, {
      decision: 'reject',
      note: 'not yet',
    })

    const early = await postApplication(client, user, field)
    assert.equal(fieldErrors(early).fieldId[0], en('certification.reapply_wait', { days: 3 }))
    assert.equal(await countRows('certification_applications', { user_id: user.id }), 1)
    const page = await client
      .get(`/certification/applications/${first.id}`)
      .loginAs(user)
      .header('accept-language', 'en')
    page.assertTextIncludes(en('certification.reapply_wait', { days: 3 }))

    // four days later
    await db
      .from('certification_events')
      .where({ application_id: first.id, action: 'rejected' })
      .update({ created_at: new Date(Date.now() - 4 * 86_400_000) })
    const later = await postApplication(client, user, field)
    assert.deepEqual(fieldErrors(later), {})
    assert.equal(await countRows('certification_applications', { user_id: user.id }), 2)
  })
})

import { test } from '@japa/runner'
import mail from '@adonisjs/mail/services/main'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import type Field from '#identity/models/field'
import CertificationMail from '#identity/mails/certification_mail'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import {
  countRows,
  en,
  fieldErrors,
  fileWith,
  isolateEachTest,
  pngFile,
  storedFiles,
  workQueuedJobs,
} from '#tests/helpers'

const STATEMENT =
  '我从事陶艺二十年，擅长拉坯与柴烧，作品曾在景德镇陶瓷博览会展出，也带过十几位学徒。'

function apply(
  client: ApiClient,
  user: User,
  fields: Record<string, string | number>,
  files: string[]
) {
  const request = client.post('/certification/apply').loginAs(user).withCsrfToken().redirects(0)
  request.fields(fields)
  for (const file of files) request.file('evidence[]', file)
  return request.header('accept-language', 'en')
}

async function applied(client: ApiClient, user: User, field: Field) {
  const files = [await pngFile('work-1.png'), await pngFile('work-2.png')]
  const response = await apply(
    client,
    user,
    {
      fieldId: field.id,
      statement: STATEMENT,
      yearsOfPractice: 20,
      links: 'https://example.com/works',
    },
    files
  )
  response.assertStatus(302)
  return db
    .from('certification_applications')
    .where({ user_id: user.id, field_id: field.id })
    .first()
}

async function identityStatus(identityId: number) {
  const identity = await db.from('identities').where('id', identityId).first()
  return identity.status as string
}

async function staff(role: 'admin' | 'moderator' = 'admin') {
  return UserFactory.merge({ staffRole: role }).create()
}

test.group('Certification: applying', (group) => {
  isolateEachTest(group)

  test('an application with two images makes a pending master identity', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const application = await applied(client, user, field)

    assert.equal(application.status, 'pending')
    assert.deepEqual(application.links, ['https://example.com/works'])
    const identity = await db.from('identities').where('id', application.identity_id).first()
    assert.equal(identity.role, 'master')
    assert.equal(identity.status, 'pending')
    assert.equal(await countRows('certification_evidence', { application_id: application.id }), 2)
    const events = await db.from('certification_events').where('application_id', application.id)
    assert.deepEqual(
      events.map((event) => event.action),
      ['submitted']
    )

    const page = await client
      .get(`/certification/applications/${application.id}`)
      .loginAs(user)
      .header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes(en('certification.status.pending'))
  })

  test('bad input is refused with a clear message and nothing is written', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const png = await pngFile()
    const cases: [Record<string, string | number>, string[], string][] = [
      [{ fieldId: field.id, statement: '', yearsOfPractice: 3 }, [png], 'statement'],
      [{ fieldId: field.id, statement: STATEMENT, yearsOfPractice: 3 }, [], 'evidence'],
      [
        { fieldId: field.id, statement: STATEMENT, yearsOfPractice: 'many' },
        [png],
        'yearsOfPractice',
      ],
      [{ fieldId: 999999, statement: STATEMENT, yearsOfPractice: 3 }, [png], 'fieldId'],
      [
        { fieldId: field.id, statement: STATEMENT, yearsOfPractice: 3, links: 'not a link' },
        [png],
        'links',
      ],
    ]
    for (const [fields, files, failing] of cases) {
      const response = await apply(client, user, fields, files)
      response.assertStatus(302)
      assert.property(fieldErrors(response), failing, JSON.stringify(fields))
    }
    assert.equal(await countRows('identities', { user_id: user.id }), 0)
    assert.equal(await countRows('certification_applications', { user_id: user.id }), 0)
  })

  test('a program renamed .jpg is refused by its content, and no file is kept', async ({
    client,
    assert,
    cleanup,
  }) => {
    drive.fake('fs')
    cleanup(() => drive.restore('fs'))
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    // the start of a Windows executable ("MZ" header)
    const exe = await fileWith(
      'photo.jpg',
      Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(600)])
    )
    const response = await apply(
      client,
      user,
      { fieldId: field.id, statement: STATEMENT, yearsOfPractice: 3 },
      [await pngFile(), exe]
    )
    const [message] = fieldErrors(response).evidence
    assert.include(message, 'photo.jpg')
    assert.include(message, 'not an accepted file type')
    assert.equal(await countRows('certification_evidence'), 0)
    assert.equal(await countRows('identities', { user_id: user.id }), 0)
    // neither the program nor the good image sent with it
    assert.deepEqual(await storedFiles(), [])

    // the listing does see what an accepted application keeps
    const accepted = await apply(
      client,
      user,
      { fieldId: field.id, statement: STATEMENT, yearsOfPractice: 3 },
      [await pngFile()]
    )
    accepted.assertStatus(302)
    const kept = await db.from('certification_evidence').select('disk_key')
    assert.deepEqual(await storedFiles(), [kept[0].disk_key])
  })

  test('applying twice for the same field is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    await applied(client, user, field)
    const again = await apply(
      client,
      user,
      { fieldId: field.id, statement: STATEMENT, yearsOfPractice: 3 },
      [await pngFile()]
    )
    assert.equal(fieldErrors(again).fieldId[0], en('certification.already_applied'))
    assert.equal(await countRows('certification_applications', { user_id: user.id }), 1)
  })

  test('evidence is served to the applicant and staff only', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const application = await applied(client, user, field)
    const evidence = await db
      .from('certification_evidence')
      .where('application_id', application.id)
      .first()
    const url = `/certification/evidence/${evidence.id}`

    const own = await client.get(url).loginAs(user)
    own.assertStatus(200)
    own.assertHeader('content-type', 'image/png')
    assert.include(String(own.header('cache-control')), 'no-store')
    const moderator = await staff('moderator')
    const stranger = await UserFactory.create()
    const byStaff = await client.get(url).loginAs(moderator)
    byStaff.assertStatus(200)
    const byStranger = await client.get(url).loginAs(stranger)
    byStranger.assertStatus(403)
    const byGuest = await client.get(url).redirects(0)
    byGuest.assertHeader('location', '/login')
    const strangerPage = await client
      .get(`/certification/applications/${application.id}`)
      .loginAs(stranger)
    strangerPage.assertStatus(403)
    assert.isTrue(await drive.use().exists(evidence.disk_key))
  })

  test('a video plays inline and seeks with range requests', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    // an MP4 file type box, then the rest of the "movie"
    const ftyp = Buffer.from(
      '000000206674797069736f6d0000020069736f6d69736f32617663316d703431',
      'hex'
    )
    const video = await fileWith('throwing.mp4', Buffer.concat([ftyp, Buffer.alloc(4064, 1)]))
    const response = await apply(
      client,
      user,
      { fieldId: field.id, statement: STATEMENT, yearsOfPractice: 20 },
      [video]
    )
    response.assertStatus(302)
    const evidence = await db
      .from('certification_evidence')
      .join('certification_applications', 'certification_applications.id', 'application_id')
      .where('certification_applications.user_id', user.id)
      .select('certification_evidence.*')
      .firstOrFail()
    const url = `/certification/evidence/${evidence.id}`

    const page = await client
      .get(`/certification/applications/${evidence.application_id}`)
      .loginAs(user)
    page.assertTextIncludes(`<video src="${url}"`)
    const whole = await client.get(url).loginAs(user)
    whole.assertStatus(200)
    whole.assertHeader('accept-ranges', 'bytes')
    whole.assertHeader('content-type', 'video/mp4')
    assert.match(String(whole.header('content-disposition')), /^inline/)
    const head = await client.get(url).loginAs(user).header('range', 'bytes=0-99')
    head.assertStatus(206)
    head.assertHeader('content-range', 'bytes 0-99/4096')
    assert.equal(Number(head.header('content-length')), 100)
    const tail = await client.get(url).loginAs(user).header('range', 'bytes=-96')
    tail.assertStatus(206)
    tail.assertHeader('content-range', 'bytes 4000-4095/4096')
    const beyond = await client.get(url).loginAs(user).header('range', 'bytes=4096-')
    beyond.assertStatus(416)
    beyond.assertHeader('content-range', 'bytes */4096')
    const stranger = await client
      .get(url)
      .loginAs(await UserFactory.create())
      .header('range', 'bytes=0-99')
    stranger.assertStatus(403)
  })
})

test.group('Certification: review', (group) => {
  isolateEachTest(group)

  test('the queue is for staff only', async ({ client }) => {
    const notStaff = await client.get('/admin/certifications').loginAs(await UserFactory.create())
    notStaff.assertStatus(403)
    const queue = await client
      .get('/admin/certifications')
      .loginAs(await staff())
      .header('accept-language', 'en')
    queue.assertStatus(200)
    queue.assertTextIncludes(en('certification.queue_title'))
  })

  test('approving certifies the master, records who and when, and tells the applicant', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const application = await applied(client, user, field)
    const admin = await staff()

    const response = await client
      .post(`/admin/certifications/${application.id}/decision`)
      .form({ decision: 'approve' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/admin/certifications')

    const identity = await db.from('identities').where('id', application.identity_id).first()
    assert.equal(identity.status, 'certified')
    const event = await db
      .from('certification_events')
      .where({ application_id: application.id, action: 'approved' })
      .first()
    assert.equal(event.actor_id, admin.id)
    await workQueuedJobs()
    mails.assertSent(CertificationMail, (sent) => sent.decision === 'approve')
  })

  test('declining needs a reason; asking for more lets the applicant resubmit', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const application = await applied(client, user, field)
    const admin = await staff()
    const decide = (form: Record<string, string>) =>
      client
        .post(`/admin/certifications/${application.id}/decision`)
        .form(form)
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)

    const noReason = await decide({ decision: 'reject' })
    assert.property(fieldErrors(noReason), 'note')
    assert.equal(await identityStatus(application.identity_id), 'pending')

    await decide({ decision: 'request_info', note: '请补充一张作品的近照' })
    assert.equal(await identityStatus(application.identity_id), 'more_info_requested')

    const resubmitted = await client
      .post(`/certification/applications/${application.id}/resubmit`)
      .fields({ statement: `${STATEMENT} 已补充近照。`, yearsOfPractice: 20 })
      .file('evidence[]', await pngFile('recent.png'))
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    resubmitted.assertStatus(302)
    const reloaded = await db.from('certification_applications').where('id', application.id).first()
    assert.equal(reloaded.status, 'pending')
    assert.equal(await countRows('certification_evidence', { application_id: application.id }), 3)
    const actions = await db
      .from('certification_events')
      .where('application_id', application.id)
      .orderBy('id')
    assert.deepEqual(
      actions.map((event) => event.action),
      ['submitted', 'more_info_requested', 'resubmitted']
    )
  })

  test('deciding an application decided meanwhile goes back to its page, saying so', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const application = await applied(client, user, field)
    const admin = await staff()
    const page = `/admin/certifications/${application.id}`
    const decide = (decision: string, note?: string) =>
      client
        .post(`${page}/decision`)
        .form({ decision, note })
        .header('referer', page)
        .loginAs(admin)
        .withCsrfToken()
        .redirects(0)
    await decide('approve')
    const late = await decide('reject', 'too late')
    late.assertStatus(302)
    late.assertHeader('location', page)
    assert.equal(late.flashMessage('error'), en('certification.changed'))
    assert.equal(await identityStatus(application.identity_id), 'certified')
  })

  test('an applicant or another user cannot decide', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const application = await applied(client, user, field)
    for (const actor of [user, await UserFactory.create()]) {
      const response = await client
        .post(`/admin/certifications/${application.id}/decision`)
        .form({ decision: 'approve' })
        .loginAs(actor)
        .withCsrfToken()
      response.assertStatus(403)
    }
    assert.equal(await identityStatus(application.identity_id), 'pending')
  })
})

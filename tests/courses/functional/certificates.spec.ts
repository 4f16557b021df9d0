import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import Enrollment from '#courses/models/enrollment'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { certificates } from '#courses/services/certificates'
import { formatLearningDate } from '#courses/services/learning_format'
import { countRows, en, isolateEachTest, zh } from '#tests/helpers'

/** A learner who completed a two-lesson course of a certified master. */
async function completedCourse() {
  const { user: masterUser, identity: master } = await certifiedMaster()
  const { course, lessons } = await courseWithLessons(master)
  const learner = await UserFactory.merge({ displayName: 'Lin <Apprentice>' }).create()
  const enrollment = await enrollmentService.enroll(learner.id, course)
  for (const lesson of lessons) await progressService.complete(enrollment, lesson)
  await enrollment.refresh()
  return { masterUser, master, course, lessons, learner, enrollment }
}

test.group('Courses: certificates', (group) => {
  isolateEachTest(group)

  test('the learner opens their certificate to print: name, course, master, field, date and the verification address', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, course, learner, enrollment } = await completedCourse()
    const response = await client.get(`/learning/${enrollment.id}/certificate`).loginAs(learner)
    response.assertStatus(200)
    const html = response.text()
    const field = await db.from('fields').where('id', master.fieldId).firstOrFail()
    assert.include(html, field.name_en)
    const day = formatLearningDate(enrollment.completedAt!.toJSDate(), 'en', learner.timeZone)
    assert.include(html, day)
    assert.include(html, 'Lin &lt;Apprentice&gt;')
    assert.include(html, course.title)
    assert.include(html, masterUser.displayName)
    assert.include(html, en('courses_learning.certificate.print'))
    assert.match(
      html,
      new RegExp(`href="https?://[^"/]+/certificates/${enrollment.certificateCode}"`)
    )
    assert.notInclude(html, en('courses_learning.certificate.valid'))
    assert.equal(response.header('cache-control'), 'private, no-store')
  })

  test('no certificate before the course is complete, none of another learner, none for a guest', async ({
    client,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master)
    const learner = await UserFactory.create()
    const enrollment = await enrollmentService.enroll(learner.id, course)
    await progressService.complete(enrollment, lessons[0])
    const halfway = await client.get(`/learning/${enrollment.id}/certificate`).loginAs(learner)
    halfway.assertStatus(404)

    const done = await completedCourse()
    const other = await client.get(`/learning/${done.enrollment.id}/certificate`).loginAs(learner)
    other.assertStatus(404)
    // the course's own master does not print their apprentice's certificate either
    const master2 = await client
      .get(`/learning/${done.enrollment.id}/certificate`)
      .loginAs(done.masterUser)
    master2.assertStatus(404)
    const guest = await client.get(`/learning/${done.enrollment.id}/certificate`).redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')
    const bad = await client.get('/learning/abc/certificate').loginAs(learner)
    bad.assertStatus(404)
  })

  test('anyone verifies a certificate by its code, without logging in; it is never cached', async ({
    client,
    assert,
  }) => {
    const { masterUser, course, enrollment } = await completedCourse()
    const response = await client.get(`/certificates/${enrollment.certificateCode}`)
    response.assertStatus(200)
    const html = response.text()
    // a guest reads the default language
    assert.include(html, zh('courses_learning.certificate.valid'))
    assert.include(html, 'Lin &lt;Apprentice&gt;')
    assert.include(html, course.title)
    assert.include(html, masterUser.displayName)
    assert.notInclude(html, zh('courses_learning.certificate.print'))
    assert.equal(response.header('cache-control'), 'no-store')
  })

  test('unknown and malformed codes are the same 404', async ({ client, assert }) => {
    await completedCourse()
    const unknown = await client.get('/certificates/AAAAAAAAAAAAAAAAAAAA')
    const malformed = await client.get('/certificates/x')
    const tooLong = await client.get(`/certificates/${'A'.repeat(200)}`)
    unknown.assertStatus(404)
    malformed.assertStatus(404)
    tooLong.assertStatus(404)
    assert.notInclude(unknown.text(), zh('courses_learning.certificate.kicker'))
  })

  test('a refund revokes the certificate: the verification says so at once, and the learner sees it too', async ({
    client,
    assert,
  }) => {
    const { learner, enrollment } = await completedCourse()
    const before = await client.get(`/certificates/${enrollment.certificateCode}`)
    assert.include(before.text(), zh('courses_learning.certificate.valid'))

    assert.deepEqual(await certificates.revoke(enrollment.id), { revoked: true })
    await enrollment.refresh()
    assert.equal(enrollment.status, 'refunded')
    assert.isNotNull(enrollment.certificateRevokedAt)
    const revokedAt = enrollment.certificateRevokedAt!.toISO()

    const after = await client.get(`/certificates/${enrollment.certificateCode}`)
    after.assertStatus(200)
    assert.include(after.text(), zh('courses_learning.certificate.revoked'))
    assert.notInclude(after.text(), zh('courses_learning.certificate.valid'))
    const own = await client.get(`/learning/${enrollment.id}/certificate`).loginAs(learner)
    assert.include(own.text(), en('courses_learning.certificate.revoked'))

    // again: nothing changes, the first revocation's date stays
    await certificates.revoke(enrollment.id)
    await enrollment.refresh()
    assert.equal(enrollment.certificateRevokedAt!.toISO(), revokedAt)
  })

  test('revoking inside a refund that fails changes nothing; an enrollment without a certificate is only refunded', async ({
    assert,
  }) => {
    const { enrollment } = await completedCourse()
    await db
      .transaction(async (trx) => {
        await certificates.revoke(enrollment.id, trx)
        throw new Error('the refund failed')
      })
      .catch(() => {})
    await enrollment.refresh()
    assert.equal(enrollment.status, 'active')
    assert.isNull(enrollment.certificateRevokedAt)

    const { identity: master } = await certifiedMaster()
    const { course } = await courseWithLessons(master)
    const learner = await UserFactory.create()
    const unfinished = await enrollmentService.enroll(learner.id, course)
    assert.deepEqual(await certificates.revoke(unfinished.id), { revoked: false })
    const row = await Enrollment.findOrFail(unfinished.id)
    assert.equal(row.status, 'refunded')
    assert.isNull(row.certificateRevokedAt)
  })

  test('completing the course notifies the learner once, with a link to the certificate', async ({
    client,
    assert,
  }) => {
    const { learner, enrollment, lessons, course } = await completedCourse()
    // doing a lesson again completes nothing new
    await progressService.complete(enrollment, lessons[0])
    const rows = await db
      .from('notifications')
      .where({ recipient_id: learner.id, kind: 'courses.completed' })
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].payload.url, `/learning/${enrollment.id}/certificate`)

    const list = await client.get('/notifications').loginAs(learner)
    assert.include(
      list.text(),
      en('courses_learning.notifications.completed', { course: course.title })
    )
    assert.equal(await countRows('notifications', { kind: 'courses.completed' }), 1)
  })
})

/** Committed rows: each completion takes its own connection, as concurrent requests would. */
test.group('Courses: certificates under concurrency', () => {
  test('lessons finished at once tell the learner once that the course is complete', async ({
    assert,
    cleanup,
  }) => {
    const { user: masterUser, identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master, ['text', 'text', 'text'])
    const learner = await UserFactory.create()
    cleanup(async () => {
      await db.from('courses').where('id', course.id).delete()
      await db.from('users').whereIn('id', [masterUser.id, learner.id]).delete()
      await db.from('fields').where('id', master.fieldId).delete()
    })
    const enrollment = await enrollmentService.enroll(learner.id, course)
    await Promise.all(
      [...lessons, ...lessons].map((lesson) => progressService.complete(enrollment, lesson))
    )
    const sent = await db
      .from('notifications')
      .where({ recipient_id: learner.id, kind: 'courses.completed' })
      .count('* as n')
      .firstOrFail()
    assert.equal(Number(sent.n), 1)
  })
})

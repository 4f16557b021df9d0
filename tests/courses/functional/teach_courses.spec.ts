import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import Course from '#courses/models/course'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import {
  CourseFactory,
  certifiedMaster,
  courseWithLessons,
} from '#database/factories/course_factory'
import { courseImages } from '#courses/services/course_images'
import {
  countRows,
  en,
  fieldErrors,
  fileWith,
  isolateEachTest,
  pngFile,
  removeUploads,
} from '#tests/helpers'

const DETAILS = {
  title: 'Wheel throwing basics',
  subtitle: 'From centring to trimming',
  level: 'beginner',
  language: 'en',
  description: '# Welcome\n\nWe throw **bowls**.',
  outcomes: 'Centre clay\n\n  Pull walls  \n',
  requirements: 'A wheel',
  pricing: 'free',
}

/** A draft of this master with a lesson, a cover and a description: ready to publish. */
async function readyDraft(master: Awaited<ReturnType<typeof certifiedMaster>>['identity']) {
  const { course } = await courseWithLessons(master, ['text'], { status: 'draft' })
  course.merge(await courseImages.saveCover(await pngFile('cover.png')))
  await course.save()
  return course
}

test.group('Teaching: my courses and the course form', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.teardown(() => removeUploads())

  test('a master sees their own courses with status and counts, not another master’s', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text', 'text'], { title: 'My bowls' })
    const other = await certifiedMaster()
    await courseWithLessons(other.identity, ['text'], { title: 'Their teapots' })

    const page = await client.get('/teach/courses').loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), 'My bowls')
    assert.include(page.text(), en('courses_teach.status.published'))
    assert.include(page.text(), `/teach/courses/${course.id}/analytics`)
    assert.include(page.text(), `/teach/courses/${course.id}/syllabus`)
    assert.notInclude(page.text(), 'Their teapots')
  })

  test('someone acting as an apprentice is told to switch identity or apply', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const otherField = await FieldFactory.create()
    await courseWithLessons(identity, ['text'], { title: 'Hidden while apprentice' })
    const apprentice = await IdentityFactory.merge({
      userId: user.id,
      fieldId: otherField.id,
    }).create()
    const page = await client
      .get('/teach/courses')
      .loginAs(user)
      .withSession({ identity_id: apprentice.id })
    page.assertStatus(200)
    assert.include(page.text(), en('courses_teach.not_master'))
    assert.include(page.text(), '/certification/apply')
    assert.notInclude(page.text(), 'Hidden while apprentice')
  })

  test('a guest is sent to the login page', async ({ client }) => {
    const response = await client.get('/teach/courses').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('a master creates a draft in their field with a first section, lines becoming lists', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const response = await client
      .post('/teach/courses')
      .loginAs(user)
      .withCsrfToken()
      .form(DETAILS)
      .redirects(0)
    response.assertStatus(302)
    const course = await Course.findByOrFail('masterIdentityId', identity.id)
    response.assertHeader('location', `/teach/courses/${course.id}/syllabus`)
    assert.equal(course.status, 'draft')
    assert.equal(course.fieldId, identity.fieldId)
    assert.deepEqual(course.outcomes, ['Centre clay', 'Pull walls'])
    assert.deepEqual(course.requirements, ['A wheel'])
    assert.equal(course.priceFen, 0)
    assert.equal(await countRows('course_sections', { course_id: course.id }), 1)
  })

  test('a paid price is taken in yuan and kept in fen, exactly', async ({ client }) => {
    const { user, identity } = await certifiedMaster()
    const course = await CourseFactory.merge({
      masterIdentityId: identity.id,
      fieldId: identity.fieldId,
    }).create()
    for (const [price, fen] of [
      ['129.5', 12950],
      ['0.1', 10],
      ['19.99', 1999],
      ['1000000', 100000000],
    ] as const) {
      const response = await client
        .post(`/teach/courses/${course.id}`)
        .loginAs(user)
        .withCsrfToken()
        .form({ ...DETAILS, pricing: 'paid', price })
        .redirects(0)
      response.assertStatus(302)
      await course.refresh()
      if (course.priceFen !== fen) throw new Error(`${price} yuan became ${course.priceFen} fen`)
    }
  })

  test('bad details are refused on their fields and nothing is written', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    for (const [form, field] of [
      [{ ...DETAILS, title: '' }, 'title'],
      [{ ...DETAILS, level: 'expert' }, 'level'],
      [{ ...DETAILS, language: 'fr' }, 'language'],
      [{ ...DETAILS, pricing: 'paid' }, 'price'],
      [{ ...DETAILS, pricing: 'paid', price: '0' }, 'price'],
      [{ ...DETAILS, pricing: 'paid', price: '12.345' }, 'price'],
      [{ ...DETAILS, pricing: 'paid', price: '-5' }, 'price'],
      [{ ...DETAILS, pricing: 'paid', price: '1000000.01' }, 'price'],
      [{ ...DETAILS, outcomes: 'x\n'.repeat(21) }, 'outcomes'],
      [{ ...DETAILS, requirements: 'y'.repeat(161) }, 'requirements'],
    ] as const) {
      const response = await client
        .post('/teach/courses')
        .loginAs(user)
        .withCsrfToken()
        .header('referer', '/teach/courses/new')
        .header('accept-language', 'en')
        .form(form)
        .redirects(0)
      response.assertStatus(302)
      assert.property(fieldErrors(response), field, JSON.stringify(form))
    }
    assert.equal(await countRows('courses', { master_identity_id: identity.id }), 0)
  })

  test('an apprentice identity cannot start a course', async ({ client }) => {
    const user = await UserFactory.create()
    await IdentityFactory.merge({ userId: user.id }).with('field').create()
    const page = await client.get('/teach/courses/new').loginAs(user)
    page.assertStatus(403)
    const response = await client.post('/teach/courses').loginAs(user).withCsrfToken().form(DETAILS)
    response.assertStatus(403)
  })

  test('another master, and the owner acting as their apprentice identity, get 403 on every form', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text'], { status: 'draft' })
    const other = await certifiedMaster()
    // their other identity: an apprentice in another field
    const otherField = await FieldFactory.create()
    const apprentice = await IdentityFactory.merge({
      userId: user.id,
      fieldId: otherField.id,
    }).create()
    const asOther = await client.get(`/teach/courses/${course.id}/edit`).loginAs(other.user)
    asOther.assertStatus(403)
    const asApprentice = await client
      .get(`/teach/courses/${course.id}/edit`)
      .loginAs(user)
      .withSession({ identity_id: apprentice.id })
    asApprentice.assertStatus(403)
    for (const path of ['', '/publish', '/archive', '/reopen']) {
      const response = await client
        .post(`/teach/courses/${course.id}${path}`)
        .loginAs(other.user)
        .withCsrfToken()
        .form({ ...DETAILS, title: 'Taken over' })
      response.assertStatus(403)
    }
    await course.refresh()
    assert.equal(course.status, 'draft')
    assert.notEqual(course.title, 'Taken over')
  })

  test('a cover is checked by content, stored under a new key and served for good', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text'], { status: 'draft' })

    const fake = await client
      .post(`/teach/courses/${course.id}/cover`)
      .loginAs(user)
      .withCsrfToken()
      .file('cover', await fileWith('cover.png', 'not an image at all'))
      .redirects(0)
    fake.assertStatus(302)
    assert.property(fieldErrors(fake), 'cover')
    await course.refresh()
    assert.isNull(course.coverKey)

    const response = await client
      .post(`/teach/courses/${course.id}/cover`)
      .loginAs(user)
      .withCsrfToken()
      .file('cover', await pngFile('cover.png'))
      .redirects(0)
    response.assertStatus(302)
    await course.refresh()
    assert.match(course.coverKey!, /^[0-9a-f-]{36}$/)
    assert.equal(course.coverWidth, 1280)
    assert.equal(course.coverHeight, 720)

    const image = await client.get(`/courses/${course.id}/cover?v=${course.coverKey}`).loginAs(user)
    image.assertStatus(200)
    image.assertHeader('content-type', 'image/webp')
    // a draft's cover: its master only (others 404, a guest the login page)
    const stranger = await certifiedMaster()
    const refused = await client
      .get(`/courses/${course.id}/cover?v=${course.coverKey}`)
      .loginAs(stranger.user)
    refused.assertStatus(404)
    const guest = await client.get(`/courses/${course.id}/cover?v=${course.coverKey}`).redirects(0)
    guest.assertHeader('location', '/login')

    course.status = 'published'
    await course.save()
    const published = await client.get(`/courses/${course.id}/cover?v=${course.coverKey}`)
    published.assertStatus(200)
    published.assertHeader('cache-control', 'public, max-age=31536000, immutable')
  })

  test('a lesson a learner could never finish keeps a course from being published', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const course = await readyDraft(identity)
    const { default: Lesson } = await import('#courses/models/lesson')
    const { sectionId } = await Lesson.findByOrFail({ courseId: course.id })
    for (const [position, kind] of (['video', 'quiz', 'text'] as const).entries()) {
      await Lesson.create({
        courseId: course.id,
        sectionId,
        position: position + 2,
        kind,
        title: kind,
      })
    }
    const refused = await client
      .post(`/teach/courses/${course.id}/publish`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const message = String(refused.flashMessage('error'))
    for (const item of ['video_content', 'quiz_content', 'text_content']) {
      assert.include(message, en(`courses_teach.missing.${item}`))
    }
    for (const item of ['lesson', 'cover', 'description']) {
      assert.notInclude(message, en(`courses_teach.missing.${item}`))
    }
    await course.refresh()
    assert.equal(course.status, 'draft')
  })

  test('publishing names each missing item; a ready draft is published once', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const empty = await CourseFactory.merge({
      masterIdentityId: identity.id,
      fieldId: identity.fieldId,
      description: '  ',
    }).create()
    const refused = await client
      .post(`/teach/courses/${empty.id}/publish`)
      .loginAs(user)
      .withCsrfToken()
      .header('accept-language', 'en')
      .redirects(0)
    refused.assertStatus(302)
    const message = String(refused.flashMessage('error'))
    for (const item of ['lesson', 'cover', 'description']) {
      assert.include(message, en(`courses_teach.missing.${item}`))
    }
    await empty.refresh()
    assert.equal(empty.status, 'draft')

    const course = await readyDraft(identity)
    const published = await client
      .post(`/teach/courses/${course.id}/publish`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    published.assertStatus(302)
    await course.refresh()
    assert.equal(course.status, 'published')
    assert.isNotNull(course.publishedAt)

    const again = await client
      .post(`/teach/courses/${course.id}/publish`)
      .loginAs(user)
      .withCsrfToken()
      .header('accept-language', 'en')
      .redirects(0)
    again.assertStatus(302)
    again.assertFlashMessage('error', en('courses_teach.errors.already_published'))
  })

  test('an uncertified master prepares drafts but cannot publish, free or paid', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const identity = await IdentityFactory.merge({
      userId: user.id,
      role: 'master',
      status: 'pending',
    })
      .with('field')
      .create()
    const course = await readyDraft(identity)
    const response = await client
      .post(`/teach/courses/${course.id}/publish`)
      .loginAs(user)
      .withCsrfToken()
    response.assertStatus(403)
    await course.refresh()
    assert.equal(course.status, 'draft')
    const form = await client.get(`/teach/courses/${course.id}/edit`).loginAs(user)
    form.assertStatus(200)
  })

  test('a certified master publishes a paid course; archive keeps it, publishing again brings it back', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const course = await readyDraft(identity)
    course.priceFen = 12900
    await course.save()
    const post = (path: string) =>
      client
        .post(`/teach/courses/${course.id}/${path}`)
        .loginAs(user)
        .withCsrfToken()
        .header('accept-language', 'en')
        .redirects(0)
    await post('publish')
    await course.refresh()
    assert.equal(course.status, 'published')

    await post('archive')
    await course.refresh()
    assert.equal(course.status, 'archived')
    assert.isNotNull(course.archivedAt)
    const twice = await post('archive')
    twice.assertFlashMessage('error', en('courses_teach.errors.already_archived'))

    await post('reopen')
    await course.refresh()
    assert.equal(course.status, 'published')
    assert.isNull(course.archivedAt)
  })

  test('the master dashboard lists the identity’s courses with a new-course button', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    await courseWithLessons(identity, ['text'], { title: 'Dashboard bowls', status: 'draft' })
    const page = await client.get('/dashboard').loginAs(user).header('accept-language', 'en')
    page.assertStatus(200)
    assert.include(page.text(), 'Dashboard bowls')
    assert.include(page.text(), 'href="/teach/courses/new"')
    assert.include(page.text(), en('courses_teach.dashboard_title'))
  })
})

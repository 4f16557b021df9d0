import { test } from '@japa/runner'
import { appUrl } from '#config/app'
import { UserFactory } from '#database/factories/user_factory'
import { isolateEachTest } from '#tests/helpers'
import {
  apprenticeIn,
  certifiedMaster,
  enrollIn,
  lessonsOf,
  makeCourse,
  expectStatus,
  textOf,
} from '#tests/courses/courses_helpers'

const english = { 'accept-language': 'en' }

test.group('Course page', (group) => {
  isolateEachTest(group)

  test('shows what a visitor needs to decide: description, outcomes, syllabus, previews, master', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster({
      displayName: 'Master Lin',
      headline: 'Forty years of raku',
    })
    const course = await makeCourse(
      master,
      {
        title: 'Raku firing',
        subtitle: 'From clay to smoke',
        description: '## Why raku\n\nFire **fast**.',
        outcomes: ['Fire a raku kiln'],
        requirements: ['A kiln nearby'],
        level: 'advanced',
      },
      {
        sections: [
          {
            title: 'Kiln basics',
            lessons: [
              { title: 'Welcome to the kiln', durationSeconds: 300, isPreview: true },
              { title: 'Loading the kiln', durationSeconds: 3900 },
            ],
          },
          { title: 'Glazes', lessons: [{ title: 'Glaze quiz', kind: 'quiz' }] },
        ],
      }
    )
    const [preview, locked] = await lessonsOf(course)

    const response = await client.get(`/courses/${course.id}`).headers(english)
    response.assertStatus(200)
    const html = response.text()
    for (const text of [
      '<h1>Raku firing</h1>',
      'From clay to smoke',
      '<h3>Why raku</h3>',
      '<strong>fast</strong>',
      'Fire a raku kiln',
      'A kiln nearby',
      'Kiln basics',
      'Glazes',
      'Glaze quiz',
      '2 sections · 3 lessons',
      '5\u00a0min',
      '1\u00a0h\u00a05\u00a0min',
      'Advanced',
      'Master Lin',
      'Forty years of raku',
      `href="/users/${master.user.id}"`,
    ]) {
      assert.include(html, text)
    }
    // the preview lesson links to the lesson page; the others do not
    assert.include(html, `href="/courses/${course.id}/lessons/${preview.id}"`)
    assert.notInclude(html, `href="/courses/${course.id}/lessons/${locked.id}"`)
    assert.include(html, 'Loading the kiln')
  })

  test('a guest is asked to log in: the cached page holds no form', async ({ client, assert }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Free course' })
    const response = await client.get(`/courses/${course.id}`).headers(english)
    assert.include(response.text(), 'Log in to enroll')
    assert.notInclude(response.text(), `action="/courses/${course.id}/enroll"`)
    assert.include(response.text(), 'href="/login"')
  })

  test('a signed-in visitor enrolls in a free course with a form; an enrolled one continues', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Free course' })
    const [first] = await lessonsOf(course)
    const visitor = await UserFactory.create()
    const before = await client.get(`/courses/${course.id}`).headers(english).loginAs(visitor)
    assert.include(before.text(), `action="/courses/${course.id}/enroll"`)
    assert.include(before.text(), 'Enroll for free')

    await enrollIn(course, visitor)
    const after = await client.get(`/courses/${course.id}`).headers(english).loginAs(visitor)
    assert.notInclude(after.text(), `action="/courses/${course.id}/enroll"`)
    assert.include(after.text(), 'You are enrolled in this course')
    assert.include(after.text(), `href="/courses/${course.id}/lessons/${first.id}"`)
  })

  test('a paid course offers to buy it at its price, not to enroll', async ({ client, assert }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Paid course', priceFen: 12900 })
    const visitor = await UserFactory.create()
    for (const request of [
      client.get(`/courses/${course.id}`).headers(english),
      client.get(`/courses/${course.id}`).headers(english).loginAs(visitor),
    ]) {
      const response = await request
      assert.include(response.text(), 'Buy for CN¥129.00')
      assert.include(response.text(), `href="/checkout?item=course:${course.id}"`)
      assert.notInclude(response.text(), `action="/courses/${course.id}/enroll"`)
    }
  })

  test('its master sees "edit", not "enroll"', async ({ client, assert }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Mine' })
    const response = await client.get(`/courses/${course.id}`).headers(english).loginAs(master.user)
    assert.include(response.text(), 'Edit course')
    assert.notInclude(response.text(), `action="/courses/${course.id}/enroll"`)
  })

  test('a draft is a 404 for everyone but its master identity, who gets a preview', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Secret draft', status: 'draft' })
    const otherMaster = await certifiedMaster({ field: master.field })
    const url = `/courses/${course.id}`

    await expectStatus(client.get(url), 404)
    await expectStatus(client.get(url).loginAs(otherMaster.user), 404)
    // the same person acting as an apprentice is not the course's master
    const apprentice = await apprenticeIn(master.field, master.user)
    const asApprentice = await client
      .get(url)
      .loginAs(master.user)
      .withSession({ identity_id: apprentice.identity.id })
    asApprentice.assertStatus(404)

    const preview = await client.get(url).headers(english).loginAs(master.user)
    preview.assertStatus(200)
    assert.include(preview.text(), 'Draft preview')
    assert.include(preview.text(), 'Secret draft')
  })

  test('an archived course stays open to its learners and master; others get a clear 410', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Old course', status: 'archived' })
    const learner = await UserFactory.create()
    await enrollIn(course, learner)
    const stranger = await UserFactory.create()
    const url = `/courses/${course.id}`

    const guest = await client.get(url).headers(english)
    guest.assertStatus(410)
    assert.include(guest.text(), 'no longer takes new learners')
    assert.include(guest.text(), 'href="/courses"')
    await expectStatus(client.get(url).loginAs(stranger), 410)

    const forLearner = await client.get(url).headers(english).loginAs(learner)
    forLearner.assertStatus(200)
    assert.include(forLearner.text(), 'This course is archived')
    await expectStatus(client.get(url).loginAs(master.user), 200)
  })

  test('Markdown in the description cannot carry HTML, scripts or javascript: links', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, {
      title: 'XSS',
      description:
        '<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n![x](https://evil.example/x.png)\n\n[ok](https://example.com/kiln)',
    })
    const html = await textOf(client.get(`/courses/${course.id}`))
    assert.notInclude(html, '<script>alert(1)')
    assert.include(html, '&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.notInclude(html, 'href="javascript:')
    assert.notInclude(html, '<img src="x"')
    assert.notInclude(html, '<img src=x')
    // pictures are off in a description: at most a link to it
    assert.notMatch(html, /<img[^>]*evil\.example/)
    assert.match(
      html,
      /<a href="https:\/\/example.com\/kiln"[^>]*rel="nofollow noopener noreferrer"[^>]*>ok<\/a>/
    )
  })

  test('has a description, Open Graph tags and its canonical address', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Raku & smoke', subtitle: 'Fast fire' })
    const html = await textOf(client.get(`/courses/${course.id}`).headers(english))
    assert.include(html, `<link rel="canonical" href="${appUrl}/courses/${course.id}?lang=en" />`)
    assert.include(html, '<meta property="og:title" content="Raku &amp; smoke" />')
    assert.include(html, '<meta name="description" content="Fast fire" />')
  })

  test('an unknown course is a 404', async ({ client }) => {
    await expectStatus(client.get('/courses/999999999'), 404)
    await expectStatus(client.get('/courses/abc'), 404)
  })
})

import { test } from '@japa/runner'
import { sitemap } from '#shared/http/sitemap'
import { isolateEachTest } from '#tests/helpers'
import {
  apprenticeIn,
  cardTitles,
  certifiedMaster,
  makeCourse,
  textOf,
} from '#tests/courses/courses_helpers'

const english = { 'accept-language': 'en' }

test.group('Courses on field pages, profiles and the sitemap', (group) => {
  isolateEachTest(group)

  test("a field page shows the field's published courses and links to its catalogue", async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'Shown here' })
    await makeCourse(master, { title: 'A draft', status: 'draft' })
    const elsewhere = await certifiedMaster()
    await makeCourse(elsewhere, { title: 'Another field' })

    const html = await textOf(client.get(`/fields/${master.field.slug}`).headers(english))
    assert.deepEqual(cardTitles(html), ['Shown here'])
    assert.include(html, `href="/courses?field=${master.field.slug}"`)

    const empty = await textOf(client.get(`/fields/${elsewhere.field.slug}`).headers(english))
    assert.deepEqual(cardTitles(empty), ['Another field'])
  })

  test('a field without courses says so', async ({ client, assert }) => {
    const master = await certifiedMaster()
    const html = await textOf(client.get(`/fields/${master.field.slug}`).headers(english))
    assert.include(html, 'No courses in this field yet.')
  })

  test("a master's profile shows their published courses; an apprentice's has no such section", async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'My course' })
    await makeCourse(master, { title: 'Old one', status: 'archived' })
    const html = await textOf(client.get(`/users/${master.user.id}`).headers(english))
    assert.deepEqual(cardTitles(html), ['My course'])

    const apprentice = await apprenticeIn(master.field)
    const plain = await textOf(client.get(`/users/${apprentice.user.id}`).headers(english))
    assert.notInclude(plain, 'profile-courses-heading')
  })

  test('the sitemap lists the catalogue and every published course page', async ({ assert }) => {
    const master = await certifiedMaster()
    const shown = await makeCourse(master, { title: 'Listed' })
    const draft = await makeCourse(master, { title: 'Unlisted', status: 'draft' })
    const entries = await sitemap.entries()
    const paths = entries.map((entry) => entry.path)
    assert.include(paths, '/courses')
    assert.include(paths, `/courses/${shown.id}`)
    assert.notInclude(paths, `/courses/${draft.id}`)
  })
})

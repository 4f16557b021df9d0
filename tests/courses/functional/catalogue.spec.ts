import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { FieldFactory } from '#database/factories/identity_factory'
import { isolateEachTest } from '#tests/helpers'
import {
  cardTitles,
  catalogueTitles,
  certifiedMaster,
  makeCourse,
} from '#tests/courses/courses_helpers'
import { CATALOGUE_PAGE_SIZE } from '#courses/services/catalogue'

const daysAgo = (days: number) => DateTime.now().minus({ days })

async function rate(courseId: number, count: number, sum: number) {
  await db.from('courses').where('id', courseId).update({ rating_count: count, rating_sum: sum })
}

test.group('Course catalogue', (group) => {
  isolateEachTest(group)

  test('lists published courses only, as cards with what a learner compares', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster({ displayName: 'Master Lin' })
    const course = await makeCourse(
      master,
      { title: 'Raku firing', priceFen: 19950, level: 'intermediate' },
      {
        sections: [
          { lessons: [{ durationSeconds: 3600 }, { durationSeconds: 1500 }] },
          { lessons: [{ kind: 'quiz' }] },
        ],
      }
    )
    await rate(course.id, 4, 18)
    await makeCourse(master, { title: 'Unfinished draft', status: 'draft' })
    await makeCourse(master, { title: 'Old archived', status: 'archived' })

    const response = await client.get('/courses').header('accept-language', 'en')
    response.assertStatus(200)
    assert.deepEqual(cardTitles(response.text()), ['Raku firing'])
    const html = response.text()
    assert.include(html, 'By Master Lin')
    assert.include(html, '¥199.50')
    assert.include(html, 'Intermediate')
    assert.include(html, '3 lessons')
    assert.include(html, '1\u00a0h\u00a025\u00a0min')
    assert.include(html, '4.5 stars')
    assert.include(html, '4 reviews')
    // a GET form that works without JavaScript, enhanced by htmx
    assert.match(html, /<form class="catalogue-filters" method="GET" action="\/courses"/)
    assert.include(html, 'hx-target="#catalogue-results"')
  })

  test('a free course says free; zh-CN shows the yuan sign and Chinese labels', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: '拉坯入门', priceFen: 0 })
    await makeCourse(master, { title: '釉料进阶', priceFen: 9900 })
    const response = await client.get('/courses').header('accept-language', 'zh-CN')
    assert.include(response.text(), '免费')
    assert.include(response.text(), '¥99')
    assert.include(response.text(), '全部课程')
  })

  test('filters by field, level, price, minimum rating and language', async ({
    client,
    assert,
  }) => {
    const ceramics = await certifiedMaster()
    const wood = await certifiedMaster()
    const a = await makeCourse(ceramics, { title: 'A', level: 'beginner', priceFen: 0 })
    const b = await makeCourse(ceramics, {
      title: 'B',
      level: 'advanced',
      priceFen: 500,
      language: 'en',
    })
    await makeCourse(wood, { title: 'C', level: 'beginner', priceFen: 0 })
    await rate(a.id, 2, 9)
    await rate(b.id, 2, 7)

    const slug = ceramics.field.slug
    assert.sameMembers(await catalogueTitles(client, `field=${slug}`), ['A', 'B'])
    assert.sameMembers(await catalogueTitles(client, 'level=beginner'), ['A', 'C'])
    assert.sameMembers(await catalogueTitles(client, 'price=free'), ['A', 'C'])
    assert.sameMembers(await catalogueTitles(client, 'price=paid'), ['B'])
    assert.sameMembers(await catalogueTitles(client, 'rating=4'), ['A'])
    assert.sameMembers(await catalogueTitles(client, 'rating=3.5'), ['A', 'B'])
    assert.sameMembers(await catalogueTitles(client, 'language=en'), ['B'])
    assert.sameMembers(await catalogueTitles(client, `field=${slug}&price=paid&language=en`), ['B'])
    // empty parts (an unchosen select) mean "any"
    assert.sameMembers(await catalogueTitles(client, 'field=&level=&price=&q='), ['A', 'B', 'C'])
  })

  test('a field the address names but that is not open shows no courses', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'A' })
    const closed = await FieldFactory.apply('inactive').create()
    assert.deepEqual(await catalogueTitles(client, `field=${closed.slug}`), [])
    assert.deepEqual(await catalogueTitles(client, 'field=no-such-field'), [])
  })

  test('sorts by popularity, newest and rating', async ({ client, assert }) => {
    const master = await certifiedMaster()
    const old = await makeCourse(master, {
      title: 'Old',
      enrollmentCount: 50,
      publishedAt: daysAgo(30),
    })
    const fresh = await makeCourse(master, {
      title: 'Fresh',
      enrollmentCount: 1,
      publishedAt: daysAgo(1),
    })
    await makeCourse(master, { title: 'Middle', enrollmentCount: 10, publishedAt: daysAgo(10) })
    await rate(fresh.id, 3, 15)
    await rate(old.id, 10, 40)

    assert.deepEqual(await catalogueTitles(client), ['Old', 'Middle', 'Fresh'])
    assert.deepEqual(await catalogueTitles(client, 'sort=popular'), ['Old', 'Middle', 'Fresh'])
    assert.deepEqual(await catalogueTitles(client, 'sort=newest'), ['Fresh', 'Middle', 'Old'])
    // unrated courses come last
    assert.deepEqual(await catalogueTitles(client, 'sort=rating'), ['Fresh', 'Old', 'Middle'])
  })

  test('pages through the courses with links that keep the filters', async ({ client, assert }) => {
    const master = await certifiedMaster()
    for (let i = 0; i < CATALOGUE_PAGE_SIZE + 2; i++) {
      await makeCourse(master, {
        title: `Course ${i}`,
        level: 'beginner',
        enrollmentCount: 100 - i,
      })
    }
    const first = await client.get('/courses?level=beginner').header('accept-language', 'en')
    assert.lengthOf(cardTitles(first.text()), CATALOGUE_PAGE_SIZE)
    assert.include(first.text(), 'href="/courses?level=beginner&amp;page=2"')
    const second = await catalogueTitles(client, 'level=beginner&page=2')
    assert.deepEqual(second, [`Course ${CATALOGUE_PAGE_SIZE}`, `Course ${CATALOGUE_PAGE_SIZE + 1}`])
    // past the last page: an empty page, not an error
    assert.deepEqual(await catalogueTitles(client, 'page=9'), [])
  })

  test('htmx gets only the results, and the tidied address to push', async ({ client, assert }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'Raku firing', level: 'beginner' })
    const response = await client
      .get('/courses?q=raku&field=&level=beginner&sort=&page=1')
      .header('hx-request', 'true')
      .header('accept-language', 'en')
    response.assertStatus(200)
    assert.equal(response.header('hx-push-url'), '/courses?q=raku&level=beginner')
    assert.include(response.header('vary'), 'HX-Request')
    assert.notInclude(response.text(), '<html')
    assert.notInclude(response.text(), '<form')
    assert.deepEqual(cardTitles(response.text()), ['Raku firing'])
    assert.include(response.text(), 'Results for “raku”')

    // the full page has the same results inside the region htmx swaps
    const page = await client.get('/courses?q=raku&level=beginner').header('accept-language', 'en')
    assert.include(page.text(), '<section id="catalogue-results"')
    assert.isUndefined(page.header('hx-push-url'))
    assert.deepEqual(cardTitles(page.text()), ['Raku firing'])
  })

  test('wrong values in the address are ignored, never an error', async ({ client, assert }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'A', level: 'beginner' })
    await makeCourse(master, { title: 'B', level: 'advanced' })
    for (const query of [
      'level=expert',
      'page=-1',
      'page=abc',
      'page=1e9',
      'page=99999999999999999999',
      'rating=9',
      'rating=4.25',
      'sort=random',
      'price=cheap',
      'language=fr',
      'field=%27%3B--',
      'level[]=beginner',
      'level=beginner&level=advanced',
      'q[a]=b',
      `q=${'x'.repeat(5000)}`,
    ]) {
      const titles = await catalogueTitles(client, query)
      assert.sameMembers(titles, query.startsWith('q=') ? [] : ['A', 'B'], query)
    }
    // the valid parts still apply
    assert.deepEqual(await catalogueTitles(client, 'level=beginner&sort=random&page=abc'), ['A'])
  })

  test('the selects keep the chosen filters', async ({ client, assert }) => {
    const response = await client
      .get('/courses?level=advanced&price=free&sort=newest')
      .header('accept-language', 'en')
    assert.match(response.text(), /<option value="advanced" selected>/)
    assert.match(response.text(), /<option value="free" selected>/)
    assert.match(response.text(), /<option value="newest" selected>/)
  })
})

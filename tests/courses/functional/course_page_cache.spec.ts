import { test } from '@japa/runner'
import { pageCache } from '#shared/http/page_cache'
import { isolateEachTest } from '#tests/helpers'
import { startCachedServer } from '#tests/helpers/cached_server'
import CourseSection from '#courses/models/course_section'
import Lesson from '#courses/models/lesson'
import { reviewService } from '#courses/services/review_service'
import { cardTitles, certifiedMaster, enrollIn, makeCourse } from '#tests/courses/courses_helpers'

/*
| The anonymous catalogue and course pages come from the page cache; every
| change of a course, a section or a lesson (Course/CourseSection/Lesson
| hooks), and a review, purges the pages that show it: the course page, the
| catalogue, the field page and the master's profile.
*/

let get: Awaited<ReturnType<typeof startCachedServer>>['get']

/** The anonymous page in English, asserting where it came from. */
async function visit(path: string, expected: 'hit' | 'miss' | undefined) {
  const reply = await get(path, { 'accept-language': 'en' })
  if (reply.status !== 200) throw new Error(`${path}: ${reply.status}`)
  if (reply.headers['x-page-cache'] !== expected) {
    throw new Error(`${path}: expected a cache ${expected}, got ${reply.headers['x-page-cache']}`)
  }
  return reply.text
}

/** The page is in the cache: rendered once, then served from it. */
async function cached(path: string) {
  await get(path, { 'accept-language': 'en' })
  return visit(path, 'hit')
}

test.group('Course pages in the page cache', (group) => {
  group.setup(async () => {
    const server = await startCachedServer()
    get = server.get
    return server.close
  })
  isolateEachTest(group)
  group.each.setup(() => {
    pageCache.clear()
    return () => pageCache.clear()
  })

  test('the catalogue and a course page are cached; a filtered catalogue never is', async ({
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Raku firing', level: 'beginner' })
    assert.deepEqual(cardTitles(await cached('/courses')), ['Raku firing'])
    assert.include(await cached(`/courses/${course.id}`), 'Raku firing')

    // any query string goes to the app, every time: the cache holds no filter combinations
    await visit('/courses?level=beginner', undefined)
    await visit('/courses?level=beginner', undefined)
    await visit('/courses?q=raku', undefined)
    assert.equal(pageCache.size, 2)
  })

  test("a saved course purges its page, the catalogue, its field's page and its master's profile", async ({
    assert,
  }) => {
    const master = await certifiedMaster({ displayName: 'Master Lin' })
    const course = await makeCourse(master, { title: 'Raku firing' })
    const paths = [
      `/courses/${course.id}`,
      '/courses',
      `/fields/${master.field.slug}`,
      `/users/${master.user.id}`,
    ]
    for (const path of paths) assert.include(await cached(path), 'Raku firing', path)

    course.title = 'Smoke firing'
    await course.save()
    for (const path of paths) {
      const page = await visit(path, 'miss')
      assert.include(page, 'Smoke firing', path)
      assert.notInclude(page, 'Raku firing', path)
    }
  })

  test('a new lesson or section purges the course page (its syllabus)', async ({ assert }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Raku firing' })
    await cached(`/courses/${course.id}`)
    const section = await CourseSection.create({
      courseId: course.id,
      position: 2,
      title: 'Cooling down',
    })
    assert.include(await visit(`/courses/${course.id}`, 'miss'), 'Cooling down')

    await cached(`/courses/${course.id}`)
    await Lesson.create({
      courseId: course.id,
      sectionId: section.id,
      position: 1,
      kind: 'text',
      title: 'Reduction in the can',
    })
    assert.include(await visit(`/courses/${course.id}`, 'miss'), 'Reduction in the can')

    await cached(`/courses/${course.id}`)
    await section.delete()
    assert.notInclude(await visit(`/courses/${course.id}`, 'miss'), 'Cooling down')
  })

  test('a review purges the course page and the catalogue (rating)', async ({ assert }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Raku firing' })
    const learner = await certifiedMaster()
    await enrollIn(course, learner.user, { completed: 1 })
    await cached(`/courses/${course.id}`)
    await cached('/courses')

    await reviewService.save(learner.user.id, course, { rating: 4, body: 'Hot and good' })
    assert.include(await visit(`/courses/${course.id}`, 'miss'), 'Hot and good')
    assert.include(await visit('/courses', 'miss'), '4 stars')
  })

  test('publishing a draft puts it in the cached catalogue; editing a draft purges nothing', async ({
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'Shown' })
    const draft = await makeCourse(master, { title: 'Hidden', status: 'draft' })
    assert.deepEqual(cardTitles(await cached('/courses')), ['Shown'])

    draft.subtitle = 'Still a draft'
    await draft.save()
    await visit('/courses', 'hit')

    draft.status = 'published'
    await draft.save()
    assert.sameMembers(cardTitles(await visit('/courses', 'miss')), ['Shown', 'Hidden'])
  })

  test('archiving a course takes it off the cached catalogue and field page', async ({
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Going away' })
    assert.include(await cached('/courses'), 'Going away')
    assert.include(await cached(`/fields/${master.field.slug}`), 'Going away')
    course.status = 'archived'
    await course.save()
    assert.notInclude(await visit('/courses', 'miss'), 'Going away')
    assert.notInclude(await visit(`/fields/${master.field.slug}`, 'miss'), 'Going away')
    const gone = await get(`/courses/${course.id}`, { 'accept-language': 'en' })
    assert.equal(gone.status, 410)
  })
})

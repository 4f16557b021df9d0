import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import Course from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import Lesson from '#courses/models/lesson'
import Enrollment from '#courses/models/enrollment'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { countRows, en, fieldErrors, isolateEachTest, pngFile, removeUploads } from '#tests/helpers'

/** The syllabus as ids: [[sectionId, [lessonIds…]], …]. */
async function layout(courseId: number) {
  const sections = await CourseSection.query().where('courseId', courseId).orderBy('position')
  const lessons = await Lesson.query().where('courseId', courseId).orderBy('position')
  return sections.map((section) => [
    section.id,
    lessons.filter((lesson) => lesson.sectionId === section.id).map((lesson) => lesson.id),
  ])
}

/** A master's course with two sections: [a, b] and [c]. */
async function twoSections() {
  const { user, identity } = await certifiedMaster()
  const { course, section, lessons } = await courseWithLessons(identity, ['text', 'text'], {
    status: 'draft',
  })
  const second = await CourseSection.create({ courseId: course.id, position: 2, title: '第二章' })
  const third = await Lesson.create({
    courseId: course.id,
    sectionId: second.id,
    position: 1,
    kind: 'text',
    title: 'c',
    durationSeconds: 60,
  })
  return { user, identity, course, first: section, second, lessons: [...lessons, third] }
}

test.group('Teaching: the syllabus editor', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.teardown(() => removeUploads())

  test('the editor lists sections and lessons with move and delete forms', async ({
    client,
    assert,
  }) => {
    const { user, course, first, lessons } = await twoSections()
    const page = await client.get(`/teach/courses/${course.id}/syllabus`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), `action="/teach/sections/${first.id}/move"`)
    assert.include(page.text(), `action="/teach/lessons/${lessons[0].id}/move"`)
    assert.include(page.text(), `action="/teach/lessons/${lessons[0].id}/delete"`)
    assert.include(page.text(), 'x-data="syllabusOrder"')
  })

  test('adding a lesson counts it, recounts progress, and opens its editor', async ({
    client,
    assert,
  }) => {
    const { user, course, second } = await twoSections()
    course.status = 'published'
    await course.save()
    const learner = await UserFactory.create()
    const enrollment = await enrollmentService.enroll(learner.id, course)
    const firstLesson = await Lesson.query()
      .where('courseId', course.id)
      .orderBy('id')
      .firstOrFail()
    await progressService.complete(enrollment, firstLesson)

    const response = await client
      .post(`/teach/courses/${course.id}/lessons`)
      .loginAs(user)
      .withCsrfToken()
      .form({ sectionId: second.id, kind: 'quiz', title: 'Check yourself' })
      .redirects(0)
    response.assertStatus(302)
    const lesson = await Lesson.findByOrFail('title', 'Check yourself')
    response.assertHeader('location', `/teach/lessons/${lesson.id}/edit`)
    assert.equal(lesson.sectionId, second.id)
    assert.equal(lesson.position, 2)
    await course.refresh()
    assert.equal(course.lessonCount, 4)
    const progress = await Enrollment.findOrFail(enrollment.id)
    assert.equal(progress.progressPercent, 25)
  })

  test('a lesson cannot go into another course’s section, nor with a bad kind', async ({
    client,
    assert,
  }) => {
    const { user, course } = await twoSections()
    const other = await twoSections()
    for (const form of [
      { sectionId: other.first.id, kind: 'text', title: 'x' },
      { sectionId: 'abc', kind: 'text', title: 'x' },
      { sectionId: course.id, kind: 'podcast', title: 'x' },
      { sectionId: course.id, kind: 'text', title: '' },
    ]) {
      const response = await client
        .post(`/teach/courses/${course.id}/lessons`)
        .loginAs(user)
        .withCsrfToken()
        .header('referer', `/teach/courses/${course.id}/syllabus`)
        .form(form)
        .redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', `/teach/courses/${course.id}/syllabus`)
    }
    assert.equal(await countRows('lessons', { course_id: course.id }), 3)
    assert.equal(await countRows('lessons', { course_id: other.course.id }), 3)
  })

  test('up and down buttons move lessons, past a section’s end into the next one', async ({
    client,
    assert,
  }) => {
    const { user, course, first, second, lessons } = await twoSections()
    const [a, b, c] = lessons
    const move = (id: number, direction: string, kind = 'lessons') =>
      client
        .post(`/teach/${kind}/${id}/move`)
        .loginAs(user)
        .withCsrfToken()
        .form({ direction })
        .redirects(0)

    await move(a.id, 'down')
    assert.deepEqual(await layout(course.id), [
      [first.id, [b.id, a.id]],
      [second.id, [c.id]],
    ])
    await move(a.id, 'down')
    assert.deepEqual(await layout(course.id), [
      [first.id, [b.id]],
      [second.id, [a.id, c.id]],
    ])
    await move(c.id, 'up')
    await move(c.id, 'up')
    assert.deepEqual(await layout(course.id), [
      [first.id, [b.id, c.id]],
      [second.id, [a.id]],
    ])
    // the very first lesson cannot go further up
    await move(b.id, 'up')
    const [top] = await layout(course.id)
    assert.deepEqual(top, [first.id, [b.id, c.id]])

    await move(second.id, 'up', 'sections')
    assert.deepEqual(await layout(course.id), [
      [second.id, [a.id]],
      [first.id, [b.id, c.id]],
    ])
    const bad = await move(first.id, 'sideways', 'sections')
    bad.assertStatus(302)
    assert.property(fieldErrors(bad), 'direction')
  })

  test('a drag-and-drop order is saved whole, lessons changing sections; htmx gets the list back', async ({
    client,
    assert,
  }) => {
    const { user, course, first, second, lessons } = await twoSections()
    const [a, b, c] = lessons
    const response = await client
      .post(`/teach/courses/${course.id}/order`)
      .loginAs(user)
      .withCsrfToken()
      .header('hx-request', 'true')
      .form({ order: `${second.id}:${c.id},${a.id};${first.id}:${b.id}` })
    response.assertStatus(200)
    assert.include(response.text(), 'data-sections')
    assert.notInclude(response.text(), '<html')
    assert.deepEqual(await layout(course.id), [
      [second.id, [c.id, a.id]],
      [first.id, [b.id]],
    ])

    // an empty section is kept
    await client
      .post(`/teach/courses/${course.id}/order`)
      .loginAs(user)
      .withCsrfToken()
      .form({ order: `${first.id}:;${second.id}:${a.id},${b.id},${c.id}` })
    assert.deepEqual(await layout(course.id), [
      [first.id, []],
      [second.id, [a.id, b.id, c.id]],
    ])
  })

  test('an order that misses, repeats or borrows a row is refused and changes nothing', async ({
    client,
    assert,
  }) => {
    const { user, course, first, second, lessons } = await twoSections()
    const other = await twoSections()
    const [a, b, c] = lessons
    const before = await layout(course.id)
    for (const order of [
      `${first.id}:${a.id},${b.id};${second.id}:`,
      `${first.id}:${a.id},${b.id},${c.id}`,
      `${first.id}:${a.id},${a.id},${b.id};${second.id}:${c.id}`,
      `${first.id}:${a.id},${b.id};${second.id}:${c.id},${other.lessons[0].id}`,
      `${other.first.id}:${a.id},${b.id};${second.id}:${c.id}`,
      'not an order',
      '',
    ]) {
      const response = await client
        .post(`/teach/courses/${course.id}/order`)
        .loginAs(user)
        .withCsrfToken()
        .header('referer', `/teach/courses/${course.id}/syllabus`)
        .header('accept-language', 'en')
        .form({ order })
        .redirects(0)
      response.assertStatus(302)
      assert.deepEqual(await layout(course.id), before, order)
    }
    const mismatch = await client
      .post(`/teach/courses/${course.id}/order`)
      .loginAs(user)
      .withCsrfToken()
      .header('referer', `/teach/courses/${course.id}/syllabus`)
      .header('accept-language', 'en')
      .form({ order: `${first.id}:${a.id};${second.id}:${c.id}` })
      .redirects(0)
    mismatch.assertFlashMessage('error', en('courses_teach.errors.order_mismatch'))
  })

  test('sections are added, renamed and deleted with their lessons; the counts follow', async ({
    client,
    assert,
  }) => {
    const { user, course, first, second } = await twoSections()
    const post = (url: string, form: Record<string, string> = {}) =>
      client.post(url).loginAs(user).withCsrfToken().form(form).redirects(0)

    await post(`/teach/courses/${course.id}/sections`, { title: '第三章' })
    assert.equal(await countRows('course_sections', { course_id: course.id }), 3)
    await post(`/teach/sections/${second.id}`, { title: '烧制' })
    await second.refresh()
    assert.equal(second.title, '烧制')
    const empty = await post(`/teach/sections/${second.id}`, { title: '' })
    assert.property(fieldErrors(empty), 'title')

    await post(`/teach/sections/${first.id}/delete`)
    assert.equal(await countRows('lessons', { course_id: course.id }), 1)
    const fresh = await Course.findOrFail(course.id)
    assert.equal(fresh.lessonCount, 1)
    assert.equal(fresh.durationSeconds, 60)
    const sections = await CourseSection.query().where('courseId', course.id).orderBy('position')
    assert.deepEqual(
      sections.map((section) => section.position),
      [1, 2]
    )
  })

  test('another master cannot touch the syllabus: 403 and nothing changes', async ({
    client,
    assert,
  }) => {
    const { course, first, lessons } = await twoSections()
    const intruder = await certifiedMaster()
    const before = await layout(course.id)
    for (const [url, form] of [
      [`/teach/courses/${course.id}/sections`, { title: 'x' }],
      [`/teach/sections/${first.id}`, { title: 'x' }],
      [`/teach/sections/${first.id}/move`, { direction: 'down' }],
      [`/teach/sections/${first.id}/delete`, {}],
      [`/teach/courses/${course.id}/lessons`, { sectionId: first.id, kind: 'text', title: 'x' }],
      [`/teach/lessons/${lessons[0].id}/move`, { direction: 'down' }],
      [`/teach/lessons/${lessons[0].id}/delete`, {}],
      [`/teach/courses/${course.id}/order`, { order: `${first.id}:` }],
    ] as const) {
      const response = await client.post(url).loginAs(intruder.user).withCsrfToken().form(form)
      response.assertStatus(403)
    }
    const page = await client.get(`/teach/courses/${course.id}/syllabus`).loginAs(intruder.user)
    page.assertStatus(403)
    assert.deepEqual(await layout(course.id), before)
  })
})

test.group('Teaching: the lesson editor', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.teardown(() => removeUploads())

  test('a text lesson’s Markdown is saved sanitised, with its reading time in the course’s length', async ({
    client,
    assert,
  }) => {
    const { user, course, lessons } = await twoSections()
    const page = await client.get(`/teach/lessons/${lessons[0].id}/edit`).loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), `action="/teach/lessons/${lessons[0].id}/text"`)
    assert.include(page.text(), 'name="markdown"')

    const markdown = `## 揉泥\n\n${'泥'.repeat(600)}\n\n[bad](javascript:alert(1)) <script>alert(1)</script>`
    const response = await client
      .post(`/teach/lessons/${lessons[0].id}/text`)
      .loginAs(user)
      .withCsrfToken()
      .form({ markdown })
      .redirects(0)
    response.assertStatus(302)
    const lesson = await Lesson.findOrFail(lessons[0].id)
    assert.include(lesson.bodyHtml, '<h3>揉泥</h3>')
    assert.notInclude(lesson.bodyHtml, '<script')
    assert.notInclude(lesson.bodyHtml, 'href="javascript')
    // 602 Chinese characters at 300 a minute, 8 other words at 200 a minute
    assert.equal(lesson.durationSeconds, 123)
    await course.refresh()
    assert.equal(course.durationSeconds, 123 + 60 + 60)
  })

  test('an image added with the text is stored by us and named at its end', async ({
    client,
    assert,
  }) => {
    const { user, lessons } = await twoSections()
    const response = await client
      .post(`/teach/lessons/${lessons[0].id}/text`)
      .loginAs(user)
      .withCsrfToken()
      .field('markdown', 'Look:')
      .file('image', await pngFile('bowl.png'))
      .redirects(0)
    response.assertStatus(302)
    const lesson = await Lesson.findOrFail(lessons[0].id)
    const match = lesson.bodyMarkdown.match(
      /^Look:\n\n!\[\]\((\/courses\/images\/[0-9a-f-]{36}-20x20)\)\n$/
    )
    assert.isNotNull(match, lesson.bodyMarkdown)
    assert.include(lesson.bodyHtml, `<img src="${match![1]}" alt="" width="20" height="20"`)
    const image = await client.get(match![1])
    image.assertStatus(200)
    image.assertHeader('content-type', 'image/webp')
  })

  test('title and preview flag are saved; a bad title changes nothing', async ({
    client,
    assert,
  }) => {
    const { user, lessons } = await twoSections()
    const lesson = lessons[1]
    await client
      .post(`/teach/lessons/${lesson.id}`)
      .loginAs(user)
      .withCsrfToken()
      .form({ title: '拉坯', isPreview: 'true' })
    await lesson.refresh()
    assert.equal(lesson.title, '拉坯')
    assert.isTrue(lesson.isPreview)
    const bad = await client
      .post(`/teach/lessons/${lesson.id}`)
      .loginAs(user)
      .withCsrfToken()
      .form({ title: 'x'.repeat(121) })
      .redirects(0)
    assert.property(fieldErrors(bad), 'title')
    await lesson.refresh()
    assert.equal(lesson.title, '拉坯')
  })

  test('another master gets 403 on the lesson editor and its forms', async ({ client, assert }) => {
    const { lessons } = await twoSections()
    const intruder = await certifiedMaster()
    const page = await client.get(`/teach/lessons/${lessons[0].id}/edit`).loginAs(intruder.user)
    page.assertStatus(403)
    for (const path of ['', '/text']) {
      const response = await client
        .post(`/teach/lessons/${lessons[0].id}${path}`)
        .loginAs(intruder.user)
        .withCsrfToken()
        .form({ title: 'Taken', markdown: 'Taken' })
      response.assertStatus(403)
    }
    const lesson = await Lesson.findOrFail(lessons[0].id)
    assert.notEqual(lesson.title, 'Taken')
    assert.notEqual(lesson.bodyMarkdown, 'Taken')
  })
})

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Request } from 'playwright-core'
import { startProductionServer } from '#tests/helpers/production_server'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { readyVideo } from '#database/factories/lesson_video_factory'
import { sweepRemovedVideoFiles } from '#courses/jobs/video_jobs'
import { learningStory } from '#tests/courses/learning_story'
import { quizTaking } from '#courses/services/quiz_taking'
import { addStandardQuestions } from '#tests/courses/quiz_helpers'
import env from '#start/env'
import { BUDGET_BYTES, BUDGET_REQUESTS, measure, signedInState } from '#tests/helpers/page_weight'
import {
  certifiedMaster as catalogueMaster,
  pageWeightCourse,
} from '#tests/courses/courses_helpers'

type Visit = {
  url: string
  storageState?: Awaited<ReturnType<typeof signedInState>>
  /** What is not the page's weight (measure's leaveOut: a lesson's video and its poster). */
  leaveOut?: (request: Request) => 'all' | 'bytes' | null
}

/**
 * The course pages on a first visit, each made ready by its row: committed
 * rows (the production server has its own connections), removed after
 * through `removeAfter` (deleting a user removes their identities, courses
 * and enrollments).
 */
type Row = {
  page: string
  who: string
  visit: (ctx: {
    browser: Browser
    serverUrl: string
    removeAfter: (userId: number) => void
  }) => Promise<Visit>
}

/** An apprentice enrolled in a published course of text lessons, signed in. */
const enrolledInTextCourse: Row['visit'] = async ({ browser, serverUrl, removeAfter }) => {
  const { user: masterUser, identity } = await certifiedMaster()
  const learner = await UserFactory.merge({ locale: 'zh-CN' }).create()
  removeAfter(masterUser.id)
  removeAfter(learner.id)
  const { course, lessons } = await courseWithLessons(identity, ['text', 'text'])
  await enrollmentService.enroll(learner.id, course)
  return {
    url: `/courses/${course.id}/lessons/${lessons[1].id}`,
    storageState: await signedInState(browser, serverUrl, learner.email),
  }
}

/** A guest on a course page: three sections of lessons, a description, a review. */
const coursePageAsGuest: Row['visit'] = async ({ removeAfter }) => {
  const master = await catalogueMaster()
  removeAfter(master.user.id)
  const course = await pageWeightCourse(master)
  removeAfter(course.learnerId)
  return { url: `/courses/${course.id}` }
}

/** A guest on the catalogue, with a course in it. */
const catalogueAsGuest: Row['visit'] = async (ctx) => {
  await coursePageAsGuest(ctx)
  return { url: '/courses' }
}

/** The learning pages: a learner with a course in progress and a certificate, their master. */
const learningPage =
  (page: (story: Awaited<ReturnType<typeof learningStory>>) => { url: string; email?: string }) =>
  async ({ browser, serverUrl, removeAfter }: Parameters<Row['visit']>[0]): Promise<Visit> => {
    const story = await learningStory()
    story.users.forEach(removeAfter)
    const { url, email } = page(story)
    return { url, storageState: email ? await signedInState(browser, serverUrl, email) : undefined }
  }

/** A quiz lesson of three questions: an enrolled apprentice's open attempt, or its master's editor. */
const quizLesson =
  (as: 'apprentice' | 'master'): Row['visit'] =>
  async ({ browser, serverUrl, removeAfter }) => {
    const { user: masterUser, identity } = await certifiedMaster()
    const learner = await UserFactory.merge({ locale: 'zh-CN' }).create()
    removeAfter(masterUser.id)
    removeAfter(learner.id)
    const { course, lessons } = await courseWithLessons(identity, ['text', 'quiz'])
    await addStandardQuestions(lessons[1])
    if (as === 'master') {
      return {
        url: `/teach/lessons/${lessons[1].id}/quiz`,
        storageState: await signedInState(browser, serverUrl, masterUser.email),
      }
    }
    const enrollment = await enrollmentService.enroll(learner.id, course)
    await quizTaking.start(enrollment, lessons[1])
    return {
      url: `/courses/${course.id}/lessons/${lessons[1].id}`,
      storageState: await signedInState(browser, serverUrl, learner.email),
    }
  }

/**
 * The video is the lesson, not the page's weight: its range requests (as it
 * plays) are not counted at all; its poster, a frame of it (4 KB of the test
 * pattern), counts as a request but not in the bytes.
 */
const videoLeftOut = (request: Request) =>
  request.resourceType() === 'media'
    ? ('all' as const)
    : request.url().includes('/video/poster')
      ? ('bytes' as const)
      : null

/** A processed video lesson (a master's course, removed after), seen by someone it gives. */
const onVideoLesson =
  (visitor: 'an enrolled apprentice' | 'the course master'): Row['visit'] =>
  async ({ browser, serverUrl, removeAfter }) => {
    const { user: masterUser, identity } = await certifiedMaster()
    removeAfter(masterUser.id)
    const { course, lessons } = await courseWithLessons(identity, ['text', 'video'])
    await readyVideo(lessons[1])
    if (visitor === 'the course master') {
      return {
        url: `/teach/lessons/${lessons[1].id}/video`,
        storageState: await signedInState(browser, serverUrl, masterUser.email),
        leaveOut: videoLeftOut,
      }
    }
    const learner = await UserFactory.merge({ locale: 'zh-CN' }).create()
    removeAfter(learner.id)
    await enrollmentService.enroll(learner.id, course)
    return {
      url: `/courses/${course.id}/lessons/${lessons[1].id}`,
      storageState: await signedInState(browser, serverUrl, learner.email),
      leaveOut: videoLeftOut,
    }
  }

const ROWS: Row[] = [
  { page: 'a text lesson', who: 'an enrolled apprentice', visit: enrolledInTextCourse },
  { page: 'the catalogue', who: 'a guest', visit: catalogueAsGuest },
  { page: 'a course page', who: 'a guest', visit: coursePageAsGuest },
  {
    page: 'my learning',
    who: 'an apprentice with two courses',
    visit: learningPage(({ learner }) => ({ url: '/learning', email: learner.email })),
  },
  {
    page: 'a certificate to print',
    who: 'its learner',
    visit: learningPage(({ learner, certificate }) => ({
      url: `/learning/${certificate.id}/certificate`,
      email: learner.email,
    })),
  },
  {
    page: 'a certificate’s verification',
    who: 'guest',
    visit: learningPage(({ certificate }) => ({
      url: `/certificates/${certificate.certificateCode}`,
    })),
  },
  {
    page: 'course analytics',
    who: 'the course’s master',
    visit: learningPage(({ masterUser, course }) => ({
      url: `/teach/courses/${course.id}/analytics`,
      email: masterUser.email,
    })),
  },
  {
    page: 'a video lesson',
    who: 'an enrolled apprentice',
    visit: onVideoLesson('an enrolled apprentice'),
  },
  {
    page: "a lesson's video page",
    who: 'the course master',
    visit: onVideoLesson('the course master'),
  },
  {
    page: 'a quiz lesson',
    who: 'an enrolled apprentice, attempt open',
    visit: quizLesson('apprentice'),
  },
  { page: 'the quiz editor', who: 'the course’s master', visit: quizLesson('master') },
]

test.group('Page weight of the course pages (production build, first visit)', (group) => {
  let server: Awaited<ReturnType<typeof startProductionServer>>
  group.setup(async () => {
    server = await startProductionServer(env.get('PORT', 3334) + 103)
    return () => server.stop()
  })

  test('{page} stays within 60 KB and 8 requests ({who})')
    .with(ROWS)
    .run(async ({ browser, assert, cleanup }, row) => {
      const users: number[] = []
      const fields = () =>
        db
          .from('identities')
          .whereIn('user_id', users)
          .select('field_id')
          .then((r) => r.map((x) => x.field_id))
      cleanup(async () => {
        const fieldIds = await fields()
        await db.from('users').whereIn('id', users).delete()
        await db.from('fields').whereIn('id', fieldIds).delete()
        // the files of the video rows deleted with them
        await sweepRemovedVideoFiles()
      })
      const { url, storageState, leaveOut } = await row.visit({
        browser,
        serverUrl: server.url,
        removeAfter: (userId) => users.push(userId),
      })
      const context = await browser.newContext({ locale: 'zh-CN', storageState })
      const page = await context.newPage()
      const { requests, bytes, problems } = await measure(
        page,
        `${server.url}${url}`,
        undefined,
        leaveOut
      )
      console.info(
        `  ${row.page} (${row.who}): ${requests} requests, ${(bytes / 1024).toFixed(1)} KB`
      )
      await context.close()

      assert.deepEqual(problems, [])
      assert.isAtMost(requests, BUDGET_REQUESTS)
      assert.isAtMost(bytes, BUDGET_BYTES)
    })
    .timeout(60_000)

  test('the course pages carry their own sheet: inline on a first visit, linked after; other pages never', async ({
    assert,
  }) => {
    const first = await fetch(`${server.url}/courses`).then((r) => r.text())
    assert.lengthOf(first.match(/<style>/g) ?? [], 2)
    const later = await fetch(`${server.url}/courses`, {
      headers: { 'sec-fetch-site': 'same-origin' },
    }).then((r) => r.text())
    assert.notInclude(later, '<style>')
    assert.match(later, /<link[^>]+courses_pages-[^"]+\.css"/)
    for (const visit of [{}, { 'sec-fetch-site': 'same-origin' }]) {
      const login = await fetch(`${server.url}/login`, { headers: visit }).then((r) => r.text())
      assert.notInclude(login, 'courses_pages')
      assert.isAtMost((login.match(/<style>/g) ?? []).length, 1)
    }
  })
})

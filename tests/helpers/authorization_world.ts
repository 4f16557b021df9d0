import { randomUUID } from 'node:crypto'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { mailsDirectory } from '#config/mail'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { avatarStore } from '#identity/services/avatar_store'
import { fieldCoverStore } from '#identity/services/field_cover_store'
import { portfolioService } from '#identity/services/portfolio_service'
import { certificationService } from '#identity/services/certification_service'
import { evidenceStore } from '#identity/services/evidence_store'
import { apiTokenService } from '#identity/services/api_token_service'
import { emailTokens } from '#identity/services/email_tokens'
import { notificationService } from '#realtime/index'
import { chatService } from '#chat/index'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import Enrollment from '#courses/models/enrollment'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { readyVideo } from '#database/factories/lesson_video_factory'
import Lesson from '#courses/models/lesson'
import Identity from '#identity/models/identity'
import { reviewService } from '#courses/services/review_service'
import { completeLesson, enrollIn, makeCourse } from '#tests/courses/courses_helpers'
import { logInThroughForm, pngFile } from '#tests/helpers'
import { courseImages } from '#courses/services/course_images'
import { checkoutService } from '#payments/services/checkout_service'
import { enrolledQuizOf, ownQuizOf } from '#tests/helpers/quiz_world'
import { payoutOf } from '#tests/payments/payments_helpers'

/**
 * The world of the authorization matrix (tests/shared/functional/
 * authorization_matrix.spec.ts): who asks, and the real objects a URL names.
 *
 * Actors, in the order they ask (the owner last: an allowed request may
 * change or delete the object): a guest; an apprentice and a certified
 * master of the owner's field, who are neither staff nor owners; a
 * moderator; an admin; the owner.
 *
 * The owner is a certified master of the field (their active identity) who
 * holds one of everything: an avatar, a work in their portfolio, a
 * certification application in another field (asked for more information,
 * so they may resubmit) with a piece of evidence, a conversation with a
 * seventh user, an API token, a second signed-in session, a notification,
 * an enrollment (as an apprentice of the field) in another master's course,
 * with a lesson completed (so they may review it), a published course of
 * their own with a learner's review.
 * A thing is made only when a row asks for it.
 */
export type Actor = { name: string; user: User | null }

export const THINGS = [
  'field',
  'fieldId',
  'owner',
  'someone',
  'avatar',
  'work',
  'workImage',
  'application',
  'evidence',
  'conversation',
  'token',
  'session',
  'notification',
  'verifyToken',
  'resetToken',
  'mail',
  'path',
  'enrolledCourse',
  'enrolledLesson',
  'ownVideoLesson',
  'enrolledVideoLesson',
  'completedEnrollment',
  'certificate',
  'ownCourse',
  'ownSection',
  'ownLesson',
  'lessonImage',
  'reviewableCourse',
  'course',
  'review',
  'ownQuizLesson',
  'ownQuizQuestion',
  'enrolledQuizLesson',
  'enrolledQuizAttempt',
  'enrolledQuizPhoto',
  'ownOrder',
  'ownSandboxPayment',
  'paymentProvider',
  'payout',
  'approvedPayout',
] as const
export type Thing = (typeof THINGS)[number]

export type World = {
  actors: Actor[]
  owner: User
  /** The bearer value of the owner's API token (the `api` rows). */
  bearer: () => Promise<string>
  /** What fills a URL: the id, key, slug or token of a thing (made on first use). */
  get: (thing: Thing) => Promise<string>
  /** Removes what the world put outside the database (the rest is rolled back). */
  cleanup: () => Promise<void>
}

async function checkedPng(name: string) {
  const tmpPath = await pngFile(name)
  const { size } = await stat(tmpPath)
  return evidenceStore.check({ tmpPath, clientName: name, size })
}

export async function makeWorld(client: ApiClient): Promise<World> {
  const [field, otherField] = await FieldFactory.createMany(2)
  const member = async (state: 'certifiedMaster' | null, staffRole?: 'moderator' | 'admin') => {
    const user = await UserFactory.merge({ staffRole: staffRole ?? null }).create()
    const factory = state ? IdentityFactory.apply(state) : IdentityFactory
    const identity = await factory.merge({ userId: user.id, fieldId: field.id }).create()
    user.defaultIdentityId = identity.id
    await user.save()
    return user
  }
  const owner = await member('certifiedMaster')
  const actors: Actor[] = [
    { name: 'guest', user: null },
    { name: 'apprentice', user: await member(null) },
    { name: 'certified master', user: await member('certifiedMaster') },
    { name: 'moderator', user: await member(null, 'moderator') },
    { name: 'admin', user: await member(null, 'admin') },
    { name: 'owner', user: owner },
  ]
  const mailIds: string[] = []

  const makers: Record<Thing, () => Promise<unknown>> = {
    field: async () => {
      const cover = await fieldCoverStore.save(await pngFile('cover.png'))
      await db.from('fields').where('id', field.id).update({ cover_key: cover })
      return field.slug
    },
    fieldId: async () => field.id,
    owner: async () => owner.id,
    someone: () => UserFactory.create().then(({ id }) => id),
    avatar: async () => {
      const key = await avatarStore.save(await pngFile('avatar.png'))
      await db.from('users').where('id', owner.id).update({ avatar_key: key })
      return key
    },
    work: () => work().then(({ id }) => id),
    workImage: () => work().then(({ imageKey }) => imageKey),
    application: () => application().then(({ id }) => id),
    evidence: async () => {
      const { id } = await application()
      const row = await db.from('certification_evidence').where('application_id', id).first()
      return row.id
    },
    conversation: async () => {
      const { id } = await chatService.directConversation(owner.id, Number(await get('someone')))
      return id
    },
    token: () => token().then(({ identifier }) => identifier),
    session: () =>
      logInThroughForm(client, { email: owner.email, password: DEFAULT_PASSWORD }).then(
        ({ sessionId }) => sessionId
      ),
    notification: () =>
      notificationService
        .notify(owner.id, 'certification.approved', { url: '/dashboard' })
        .then(({ id }) => id),
    verifyToken: () => emailTokens.issue(owner.id, 'verify_email', owner.email),
    resetToken: () => emailTokens.issue(owner.id, 'reset_password', owner.email),
    mail: async () => {
      const id = `${Date.now()}-${randomUUID().slice(0, 8)}`
      await mkdir(mailsDirectory, { recursive: true })
      await writeFile(
        `${mailsDirectory}/${id}.json`,
        JSON.stringify({ id, to: owner.email, subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' })
      )
      mailIds.push(id)
      return id
    },
    path: async () => 'no/such/page',
    enrolledCourse: () => learning().then(({ course }) => course.id),
    // two route parameters, filled in order: course id, lesson id
    enrolledLesson: () => learning().then(({ course, lessons }) => `${course.id},${lessons[1].id}`),
    // a video lesson (with its processed video) of a course of the owner's own master identity
    ownVideoLesson: async () => {
      const identity = await Identity.findOrFail(owner.defaultIdentityId)
      const { lessons } = await courseWithLessons(identity, ['text', 'video'])
      await readyVideo(lessons[1])
      return lessons[1].id
    },
    // not a preview: course id, lesson id of a video lesson of the course the owner is enrolled in
    enrolledVideoLesson: async () => {
      const { course, lessons } = await learning()
      const video = await Lesson.create({
        courseId: course.id,
        sectionId: lessons[1].sectionId,
        position: 3,
        kind: 'video',
        title: '拉坯',
        isPreview: false,
      })
      await readyVideo(video)
      return `${course.id},${video.id}`
    },
    // the owner finished that course: its enrollment id, and its certificate's code
    completedEnrollment: () => completed().then(({ id }) => id),
    certificate: () => completed().then(({ certificateCode }) => certificateCode),
    ownCourse: () => teaching().then(({ course }) => course.id),
    ownOrder: () => shopping().then(({ number }) => number),
    ownSandboxPayment: () => shopping().then(({ number }) => `sbx_${number}`),
    paymentProvider: async () => 'sandbox',
    ownSection: () => teaching().then(({ section }) => section.id),
    ownLesson: () => teaching().then(({ lessons }) => lessons[0].id),
    lessonImage: async () => {
      const url = await courseImages.saveLessonImage(await pngFile('lesson.png'))
      return url.split('/').pop()
    },
    reviewableCourse: () =>
      learning().then(async ({ course, lessons }) => {
        const enrollment = await enrollmentService.forLearner(owner.id, course)
        await completeLesson(enrollment!, lessons[0])
        return course.id
      }),
    course: () => publishedCourse().then(({ id }) => id),
    review: async () => {
      const course = await publishedCourse()
      const learner = await UserFactory.create()
      await enrollIn(course, learner, { completed: 1 })
      const written = await reviewService.save(learner.id, course, { rating: 4, body: 'Fine' })
      return written.id
    },
    ownQuizLesson: () => ownQuiz().then(({ lesson }) => lesson.id),
    ownQuizQuestion: () => ownQuiz().then(({ questions }) => questions[0].id),
    enrolledQuizLesson: () =>
      quizLearning().then(({ course, lesson }) => `${course.id},${lesson.id}`),
    enrolledQuizAttempt: () => quizLearning().then(({ attempt }) => attempt.id),
    // three route parameters: course id, lesson id, photo key
    enrolledQuizPhoto: () =>
      quizLearning().then(
        ({ course, lesson, photoKey }) => `${course.id},${lesson.id},${photoKey}`
      ),
    // a payout the owner's master identity asked for, waiting for review; another, approved
    payout: () => payoutOf(owner).then(({ id }) => id),
    approvedPayout: () => payoutOf(owner, { approvedBy: actors[4].user! }).then(({ id }) => id),
  }

  const made = new Map<Thing, Promise<string>>()
  const get = (thing: Thing) => {
    if (!made.has(thing)) made.set(thing, makers[thing]().then(String))
    return made.get(thing)!
  }
  const once = <T>(make: () => Promise<T>) => {
    let promise: Promise<T> | undefined
    return () => (promise ??= make())
  }
  const work = once(async () =>
    portfolioService.add(owner.defaultIdentityId!, { title: 'A bowl' }, await pngFile('work.png'))
  )
  const application = once(async () => {
    const applied = await certificationService.apply(
      owner,
      otherField,
      { statement: 'Twenty years at the wheel.', yearsOfPractice: 20 },
      [await checkedPng('evidence.png')]
    )
    await db
      .from('certification_applications')
      .where('id', applied.id)
      .update({ status: 'more_info_requested' })
    await db
      .from('identities')
      .where('id', applied.identityId)
      .update({ status: 'more_info_requested' })
    return applied
  })
  /** A published course of another master of the field, the owner enrolled as an apprentice. */
  const learning = once(async () => {
    const { identity } = await certifiedMaster()
    await db.from('identities').where('id', identity.id).update({ field_id: field.id })
    identity.fieldId = field.id
    const course = await courseWithLessons(identity, ['text', 'text'])
    await enrollmentService.enroll(owner.id, course.course)
    return course
  })
  const completed = once(async () => {
    const { course, lessons } = await learning()
    const enrollment = await Enrollment.findByOrFail({ courseId: course.id })
    for (const lesson of lessons) await progressService.complete(enrollment, lesson)
    await enrollment.refresh()
    return enrollment
  })
  /** A draft course of the owner's master identity, with a cover and a text lesson. */
  // the owner's open order of another master's paid course (through the sandbox)
  const shopping = once(async () => {
    const { identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text'], { priceFen: 9_900 })
    const { order } = await checkoutService.start({
      buyerUserId: owner.id,
      kind: 'course',
      itemId: course.id,
      idempotencyKey: `matrix-${randomUUID()}`,
      provider: 'sandbox',
      device: 'desktop',
      locale: 'zh-CN',
    })
    return order
  })
  const teaching = once(async () => {
    const master = await db
      .from('identities')
      .where({ user_id: owner.id, role: 'master' })
      .firstOrFail()
    const draft = await courseWithLessons(
      { id: master.id, fieldId: master.field_id } as Identity,
      ['text'],
      { status: 'draft' }
    )
    draft.course.merge(await courseImages.saveCover(await pngFile('cover.png')))
    await draft.course.save()
    return draft
  })
  /** A published course of the owner's master identity. */
  const publishedCourse = once(async () => {
    const identity = await Identity.findOrFail(owner.defaultIdentityId)
    return makeCourse({ user: owner, identity, field }, { title: 'The owner’s course' })
  })
  const ownQuiz = once(() => ownQuizOf(owner))
  const quizLearning = once(() => enrolledQuizOf(owner, field.id))
  const token = once(() =>
    apiTokenService.create(owner, {
      name: 'matrix',
      scopes: ['profile:read', 'fields:read'],
      expiry: 'never',
    })
  )

  return {
    actors,
    owner,
    bearer: () => token().then(({ value }) => value!.release()),
    get,
    cleanup: async () => {
      for (const id of mailIds) await rm(`${mailsDirectory}/${id}.json`, { force: true })
    },
  }
}

import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import router from '@adonisjs/core/services/router'
import redis from '@adonisjs/redis/services/main'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import { isolateEachTest } from '#tests/helpers'
import { makeWorld, type Actor, type Thing, type World } from '#tests/helpers/authorization_world'

/**
 * Every route × every kind of actor → the expected answer. The route list
 * comes from the router itself: a new route without a row here fails the
 * first test, so no route ships without a decision on who may use it.
 *
 * A row:   'route.name': { who, ok?, guest?, id? }, or just 'route.name': who
 *
 * who   who may use the route; everyone else is refused:
 *       public       nobody is refused
 *       guests       guests only; a signed-in actor is sent home (302 → /)
 *       signed-in    any signed-in actor; a guest is sent to the login page
 *       masters      signed-in actors whose active identity is a master (the
 *                    certified master, the owner); others get 403
 *       owner        only the owner of the object in the URL; other signed-in
 *                    actors get 403 or 404 (staff included), a guest the login page
 *       owner+staff  the owner, moderators and admins
 *       staff        moderators and admins; other signed-in actors get 403
 *       admin        admins only; other signed-in actors get 403
 *       api          the bearer-token JSON API: the owner's token is allowed,
 *                    a session (or nothing) gets 401
 * ok    what an allowed actor gets; only this counts as allowed:
 *       a status (default 200), a path it is redirected to ('/portfolio',
 *       '{application}' fills in the thing, a final '*' matches any rest), or
 *       'back': sent back to the page it came from (a refused form; the
 *       requests carry a referer). Forms are sent empty.
 * guest what an allowed guest gets, where it differs from `ok`.
 * id    the thing whose id, key, slug or token fills the URL's parameter:
 *       see THINGS in tests/helpers/authorization_world.ts (made per test).
 *
 * The apprentice and the certified master are the other users that `owner`
 * rows refuse; `masters` rows tell them apart.
 */
type Who =
  | 'public'
  | 'guests'
  | 'signed-in'
  | 'masters'
  | 'owner'
  | 'owner+staff'
  | 'staff'
  | 'admin'
  | 'api'
type Row = Who | { who: Who; ok?: number | string; guest?: number | string; id?: Thing }
type FullRow = Exclude<Row, Who>
const rowOf = (name: string): FullRow => {
  const row = MATRIX[name]
  return typeof row === 'string' ? { who: row } : row
}

const MATRIX: Record<string, Row> = {
  'home': 'public',
  'health.live': 'public',
  'health.ready': 'public',
  'locale.update': { who: 'public', ok: 'back' },
  'robots': 'public',
  'sitemap': 'public',
  'dev.mails.index': 'public',
  'dev.mails.show': { who: 'public', id: 'mail' },
  'not_found': { who: 'public', ok: 404, id: 'path' },
  'fields.show': { who: 'public', id: 'field' },
  'fields.cover': { who: 'public', id: 'field', ok: '/fields/{field}/cover?v=*' },
  'profiles.show': { who: 'public', id: 'owner' },
  'avatars.show': { who: 'public', id: 'avatar' },
  'portfolio.image': { who: 'public', id: 'workImage' },
  'portfolio.index': 'signed-in',
  'portfolio.store': { who: 'signed-in', ok: 'back' },
  'portfolio.edit': { who: 'owner', id: 'work' },
  'portfolio.update': { who: 'owner', id: 'work', ok: 'back' },
  'portfolio.destroy': { who: 'owner', id: 'work', ok: '/portfolio' },
  'signup.create': 'guests',
  'signup.store': { who: 'guests', ok: 'back' },
  'signup.sent': 'guests',
  'session.create': 'guests',
  'session.store': { who: 'guests', ok: 'back' },
  'password.forgot': 'guests',
  'password.send': { who: 'guests', ok: 'back' },
  'verify.show': { who: 'public', id: 'verifyToken', ok: '/settings/account', guest: '/login' },
  'password.reset': { who: 'public', id: 'resetToken' },
  'password.update': { who: 'public', id: 'resetToken', ok: 'back' },
  'session.destroy': { who: 'signed-in', ok: '/login' },
  'dashboard': 'signed-in',
  'onboarding.store': { who: 'signed-in', ok: 'back' },
  'identity.switch': { who: 'signed-in', ok: 'back' },
  'fields.apprentice': { who: 'signed-in', id: 'field', ok: '/dashboard' },
  'verify.resend': { who: 'signed-in', ok: 'back' },
  'settings.profile': 'signed-in',
  'settings.profile.update': { who: 'signed-in', ok: 'back' },
  'settings.account': 'signed-in',
  'settings.password.update': { who: 'signed-in', ok: 'back' },
  'settings.email.update': { who: 'signed-in', ok: 'back' },
  'settings.destroy': { who: 'signed-in', ok: 'back' },
  'settings.sessions': 'signed-in',
  'settings.sessions.revoke_others': { who: 'signed-in', ok: '/settings/sessions' },
  'settings.sessions.revoke': { who: 'owner', id: 'session', ok: '/settings/sessions' },
  'admin.fields.index': 'admin',
  'admin.fields.create': 'admin',
  'admin.fields.store': { who: 'admin', ok: 'back' },
  'admin.fields.edit': { who: 'admin', id: 'fieldId' },
  'admin.fields.update': { who: 'admin', id: 'fieldId', ok: 'back' },
  'admin.fields.toggle': { who: 'admin', id: 'fieldId', ok: '/admin/fields' },
  'certification.create': 'signed-in',
  'certification.store': { who: 'signed-in', ok: 'back' },
  'certification.show': { who: 'owner+staff', id: 'application' },
  'certification.resubmit': { who: 'owner', id: 'application', ok: 'back' },
  'certification.evidence': { who: 'owner+staff', id: 'evidence' },
  'admin.certifications.index': 'staff',
  'admin.certifications.show': { who: 'staff', id: 'application' },
  'admin.certifications.decide': { who: 'staff', id: 'application', ok: 'back' },
  'notifications.index': 'signed-in',
  'notifications.read_all': { who: 'signed-in', ok: '/notifications' },
  'notifications.read': { who: 'owner', id: 'notification', ok: '/notifications' },
  'notifications.feed': 'signed-in',
  'notifications.seen': { who: 'signed-in', ok: 'back' },
  'realtime.ws_ticket': 'signed-in',
  // 400: past the login, an empty request names no stream (streams' owners: tests/realtime)
  'realtime.events': { who: 'signed-in', ok: 400 },
  'realtime.subscribe': { who: 'signed-in', ok: 400 },
  'realtime.unsubscribe': { who: 'signed-in', ok: 400 },
  'settings.notifications': 'signed-in',
  'settings.notifications.update': { who: 'signed-in', ok: '/settings/notifications' },
  'chat.index': 'signed-in',
  'chat.show': { who: 'owner', id: 'conversation' },
  'chat.send': { who: 'owner', id: 'conversation', ok: 'back' },
  'chat.start': { who: 'signed-in', id: 'someone', ok: '/messages/*' },
  'chat.block': { who: 'signed-in', id: 'someone', ok: '/messages' },
  'chat.unblock': { who: 'signed-in', id: 'someone', ok: '/messages' },
  'settings.tokens': 'signed-in',
  'settings.tokens.store': { who: 'signed-in', ok: 'back' },
  'settings.tokens.revoke': { who: 'owner', id: 'token', ok: '/settings/tokens' },
  'api.v1.me': 'api',
  'api.v1.fields': 'api',
  'api.not_found': { who: 'public', ok: 404, id: 'path' },
  'courses.enroll': { who: 'signed-in', id: 'enrolledCourse', ok: '/courses/*' },
  // not a preview: its course's master and enrolled apprentices (the owner) only
  'courses.lessons.show': { who: 'owner', id: 'enrolledLesson' },
  'courses.lessons.complete': { who: 'owner', id: 'enrolledLesson', ok: '/courses/*' },
  'learning.index': 'signed-in',
  // the learner's own certificate to print (its master and staff: 404)
  'learning.certificate': { who: 'owner', id: 'completedEnrollment' },
  // verification by the certificate's code: anyone
  'certificates.show': { who: 'public', id: 'certificate' },
  // the owner's own course, while acting as its master identity
  'teach.courses.analytics': { who: 'owner', id: 'ownCourse' },
  // authoring: the owner's draft course (its master identity active); forms are sent empty
  'courses.cover': { who: 'owner', id: 'ownCourse', ok: '/courses/{ownCourse}/cover?v=*' },
  'courses.images.show': { who: 'public', id: 'lessonImage' },
  // any signed-in user: a master sees their courses, anyone else how to become one
  'teach.courses.index': 'signed-in',
  'teach.courses.create': 'masters',
  'teach.courses.store': { who: 'masters', ok: 'back' },
  'teach.courses.edit': { who: 'owner', id: 'ownCourse' },
  'teach.courses.update': { who: 'owner', id: 'ownCourse', ok: 'back' },
  'teach.courses.cover': { who: 'owner', id: 'ownCourse', ok: 'back' },
  // the owner's draft is ready (a lesson, a cover, a description): it is published
  'teach.courses.publish': { who: 'owner', id: 'ownCourse', ok: '/teach/courses/{ownCourse}/edit' },
  // a draft is neither published nor archived: refused back to the form
  'teach.courses.archive': { who: 'owner', id: 'ownCourse', ok: 'back' },
  'teach.courses.reopen': { who: 'owner', id: 'ownCourse', ok: 'back' },
  'teach.courses.syllabus': { who: 'owner', id: 'ownCourse' },
  'teach.courses.order': { who: 'owner', id: 'ownCourse', ok: 'back' },
  'teach.sections.store': { who: 'owner', id: 'ownCourse', ok: 'back' },
  'teach.sections.update': { who: 'owner', id: 'ownSection', ok: 'back' },
  'teach.sections.move': { who: 'owner', id: 'ownSection', ok: 'back' },
  'teach.sections.destroy': { who: 'owner', id: 'ownSection', ok: '/teach/courses/*' },
  'teach.lessons.store': { who: 'owner', id: 'ownCourse', ok: 'back' },
  'teach.lessons.move': { who: 'owner', id: 'ownLesson', ok: 'back' },
  'teach.lessons.destroy': { who: 'owner', id: 'ownLesson', ok: '/teach/courses/*' },
  'teach.lessons.edit': { who: 'owner', id: 'ownLesson' },
  'teach.lessons.update': { who: 'owner', id: 'ownLesson', ok: 'back' },
  // an empty text is a text: saved
  'teach.lessons.text': { who: 'owner', id: 'ownLesson', ok: '/teach/lessons/{ownLesson}/edit' },
  'courses.index': 'public',
  'payments.webhooks': { who: 'public', id: 'paymentProvider', ok: 400 },
  'payments.checkout': { who: 'signed-in', ok: 'back' },
  'payments.checkout.store': { who: 'signed-in', ok: 'back' },
  'payments.orders': 'signed-in',
  'payments.orders.show': { who: 'owner', id: 'ownOrder' },
  'payments.orders.status': { who: 'owner', id: 'ownOrder' },
  'payments.sandbox': { who: 'owner', id: 'ownSandboxPayment' },
  'payments.sandbox.decide': { who: 'owner', id: 'ownSandboxPayment', ok: 'back' },
  'admin.orders': 'admin',
  'admin.orders.show': { who: 'admin', id: 'ownOrder' },
  'admin.orders.refund': { who: 'admin', id: 'ownOrder', ok: 'back' },
  'courses.show': { who: 'public', id: 'course' },
  'courses.reviews.index': { who: 'public', id: 'course' },
  // enrolled with a lesson completed: the owner (in another master's course); an empty form goes back
  'courses.reviews.save': { who: 'owner', id: 'reviewableCourse', ok: 'back' },
  // the course's master: the owner; an empty reply goes back
  'courses.reviews.reply': { who: 'owner', id: 'review', ok: 'back' },
  'courses.reviews.report': { who: 'signed-in', id: 'review', ok: 'back' },
  // the quiz editor: the course's master identity only (forms sent empty go back with errors)
  'courses.quiz.edit': { who: 'owner', id: 'ownQuizLesson' },
  'courses.quiz.settings': { who: 'owner', id: 'ownQuizLesson', ok: 'back' },
  'courses.quiz.questions.store': { who: 'owner', id: 'ownQuizLesson', ok: 'back' },
  'courses.quiz.questions.update': { who: 'owner', id: 'ownQuizQuestion', ok: 'back' },
  'courses.quiz.questions.move': { who: 'owner', id: 'ownQuizQuestion', ok: 'back' },
  'courses.quiz.questions.destroy': {
    who: 'owner',
    id: 'ownQuizQuestion',
    ok: '/teach/lessons/{ownQuizLesson}/quiz',
  },
  'courses.quiz.photos.store': { who: 'owner', id: 'ownQuizQuestion', ok: 'back' },
  // taking a quiz: the enrolled apprentice (the owner), in their own attempt
  'courses.quiz.start': { who: 'owner', id: 'enrolledQuizLesson', ok: '/courses/*' },
  'courses.quiz.answer': { who: 'owner', id: 'enrolledQuizAttempt', ok: 'back' },
  'courses.quiz.submit': { who: 'owner', id: 'enrolledQuizAttempt', ok: '/courses/*' },
  'courses.quiz.photo': { who: 'owner', id: 'enrolledQuizPhoto' },
  // video lessons: the course's master edits (CoursePolicy), its learners stream and report
  'courses.video.edit': { who: 'owner', id: 'ownVideoLesson' },
  'courses.video.card': { who: 'owner', id: 'ownVideoLesson' },
  'courses.video.upload': { who: 'owner', id: 'ownVideoLesson', ok: 'back' },
  'courses.video.captions.upload': { who: 'owner', id: 'ownVideoLesson', ok: 'back' },
  'courses.video.captions.destroy': { who: 'owner', id: 'ownVideoLesson', ok: '/teach/lessons/*' },
  'courses.video.stream': { who: 'owner', id: 'enrolledVideoLesson' },
  'courses.video.poster': { who: 'owner', id: 'enrolledVideoLesson' },
  'courses.video.captions': { who: 'owner', id: 'enrolledVideoLesson' },
  // 422: an empty report (the player's reports: tests/courses/functional/video_playback.spec.ts)
  'courses.lessons.progress': { who: 'owner', id: 'enrolledVideoLesson', ok: 422 },
  // income: anyone signed in gets the page (a non-master is told what it is for); the money is
  // the active master identity's own (the certified master sees theirs, empty)
  'income.index': 'signed-in',
  'income.statement': 'masters',
  'income.payouts.store': { who: 'masters', ok: 'back' },
  // a master cancels their own payout while it waits
  'income.payouts.cancel': { who: 'owner', id: 'payout', ok: '/income' },
  // the payout queue: admins only; the owner's payout, waiting (or approved, to be paid)
  'admin.payouts.index': 'admin',
  'admin.payouts.approve': { who: 'admin', id: 'payout', ok: '/admin/payouts?status=approved' },
  'admin.payouts.paid': { who: 'admin', id: 'approvedPayout', ok: '/admin/payouts?status=paid' },
  // an empty rejection (no reason) goes back
  'admin.payouts.reject': { who: 'admin', id: 'payout', ok: 'back' },
}

/** The referer every request carries: 'back' sends an actor here. */
const CAME_FROM = '/came-from'

/** What an actor must get: one of these statuses and, for a redirect, this location. */
type Answer = { status: number[]; location?: string }

const refusedWith = (...status: number[]): Answer => ({ status })
const toLogin: Answer = { status: [302], location: '/login' }

function allowed(row: FullRow, method: string, actor: Actor): Answer {
  const ok = (actor.user ? undefined : row.guest) ?? row.ok ?? 200
  if (typeof ok === 'number') return { status: [ok] }
  return {
    status: method === 'GET' ? [301, 302] : [302, 303],
    location: ok === 'back' ? CAME_FROM : ok,
  }
}

/** The answer a row promises an actor. */
function expected(row: FullRow, method: string, actor: Actor): Answer {
  const user = actor.user
  const isOwner = actor.name === 'owner'
  switch (row.who) {
    case 'public':
      return allowed(row, method, actor)
    case 'guests':
      return user ? { status: [302], location: '/' } : allowed(row, method, actor)
    case 'api':
      return isOwner ? allowed(row, method, actor) : refusedWith(401)
  }
  if (!user) return toLogin
  switch (row.who) {
    case 'signed-in':
      return allowed(row, method, actor)
    case 'masters':
      return ['certified master', 'owner'].includes(actor.name)
        ? allowed(row, method, actor)
        : refusedWith(403)
    case 'owner':
      return isOwner ? allowed(row, method, actor) : refusedWith(403, 404)
    case 'owner+staff':
      return isOwner || user.isStaff ? allowed(row, method, actor) : refusedWith(403, 404)
    case 'staff':
      return user.isStaff ? allowed(row, method, actor) : refusedWith(403)
    case 'admin':
      return user.isAdmin ? allowed(row, method, actor) : refusedWith(403)
  }
}

type Route = { name: string; pattern: string; method: string }

function routes(): Route[] {
  return Object.values(router.toJSON())
    .flat()
    .map((route) => ({
      name: route.name ?? route.pattern,
      pattern: route.pattern,
      method: route.methods[0],
    }))
}

async function urlOf(pattern: string, row: FullRow, world: World) {
  if (row.id === 'path') return pattern.replace(/:\w+|\*/, 'no/such/page')
  // a thing naming two parameters gives their values comma-separated, in order
  const filled = row.id ? await world.get(row.id) : ''
  const values = filled.split(',').map(encodeURIComponent)
  return values.reduce((url, value) => url.replace(/:\w+|\*/, value), pattern)
}

async function send(client: ApiClient, route: Route, url: string, actor: Actor, world: World) {
  const method = route.method
  const request = client.request(url, method as 'GET').header('referer', CAME_FROM)
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) request.form({}).withCsrfToken()
  if (rowOf(route.name).who === 'api' && actor.name === 'owner') {
    request.bearerToken(await world.bearer())
  } else if (actor.user) {
    request.loginAs(actor.user)
  }
  return request.redirects(0)
}

/** Clears the limiter's counts only (resetThrottles would also end the sessions a world made). */
async function clearThrottles() {
  const prefix = redis.connection().ioConnection.options.keyPrefix ?? ''
  const keys = await redis.keys(`${prefix}rlflx*`)
  if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)))
}

async function fillIn(location: string, world: World) {
  const match = location.match(/\{(\w+)\}/)
  if (!match) return location
  return location.replace(match[0], await world.get(match[1] as Thing))
}

async function meets(response: ApiResponse, answer: Answer, world: World) {
  if (!answer.status.includes(response.status())) return false
  if (answer.location === undefined) return true
  const location = String(response.header('location') ?? '')
  const wanted = await fillIn(answer.location, world)
  return wanted.endsWith('*') ? location.startsWith(wanted.slice(0, -1)) : location === wanted
}

test.group('Authorization matrix', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })

  test('every route has a row in the matrix', ({ assert }) => {
    const missing = routes().filter((route) => !(route.name in MATRIX))
    assert.deepEqual(missing, [], 'add these routes to MATRIX with who may use them')
  })

  test('{name} ({method}): who may use it')
    .with(() => routes().filter((route) => route.name in MATRIX))
    .run(async ({ client, assert, cleanup }, route) => {
      const row = rowOf(route.name)
      const world = await makeWorld(client)
      cleanup(() => world.cleanup())
      const url = await urlOf(route.pattern, row, world)
      const wrong: string[] = []
      for (const actor of world.actors) {
        // each actor asks from a fresh slate: the per-IP throttles count the others' requests
        await clearThrottles()
        const answer = expected(row, route.method, actor)
        const response = await send(client, route, url, actor, world)
        if (!(await meets(response, answer, world))) {
          const got = `${response.status()} ${response.header('location') ?? ''}`.trim()
          const want = `${answer.status.join('/')} ${answer.location ?? ''}`.trim()
          wrong.push(`${actor.name}: got ${got}, expected ${want}`)
        }
      }
      assert.deepEqual(wrong, [], `${route.method} ${url}`)
    })
})

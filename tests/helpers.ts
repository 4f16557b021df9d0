import { randomUUID } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import sharp from 'sharp'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import type { Group } from '@japa/runner/core'
import { configProvider } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import type { Disk } from '@adonisjs/drive'
import limiter from '@adonisjs/limiter/services/main'
import i18nManager from '@adonisjs/i18n/services/main'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import { ApiRequest } from '@japa/api-client'
import type { SessionClient } from '@adonisjs/session/client'
import type {
  ResolvedSessionConfig,
  SessionData,
  SessionStoreContract,
} from '@adonisjs/session/types'
import AccountMail, { type AccountMailKind } from '#identity/mails/account_mail'
import { jobs } from '#shared/jobs/jobs'

/*
|--------------------------------------------------------------------------
| Session client backed by the app's own session store
|--------------------------------------------------------------------------
|
| The session plugin of @japa/api-client writes the data of `loginAs`,
| `withSession` and `withCsrfToken` to a *memory* store and reads flash
| messages back from it, while the app keeps its sessions in Redis
| (config/session.ts picks Redis whenever REDIS_URL is set, as it is in
| .env.test). Left alone, `loginAs` has no effect and `assertFlashMessage`
| sees nothing. This client talks to the store the app really uses.
|
| Unlike the stock client it never destroys a session after a request, so a
| test can carry a session on (see `usingSession`); the limiter flushes the
| test Redis database before every test (`resetThrottles`).
*/
const sessionConfig = (await configProvider.resolve(
  app,
  app.config.get('session')
)) as ResolvedSessionConfig
const sessionStore: SessionStoreContract = (sessionConfig.stores as any)[sessionConfig.store](
  {} as HttpContext,
  sessionConfig
)
export const SESSION_COOKIE = sessionConfig.cookieName

class StoreSessionClient {
  flashKey = '__flash__'
  sessionId: string = randomUUID()
  #values: SessionData = {}
  #flash: SessionData = {}

  merge(values: SessionData) {
    Object.assign(this.#values, values)
    return this
  }

  flash(values: SessionData) {
    Object.assign(this.#flash, values)
    return this
  }

  /** Adds to the session (a carried-on session keeps its login). */
  async commit() {
    if (Object.keys(this.#flash).length) this.#values[this.flashKey] = this.#flash
    if (!Object.keys(this.#values).length) return
    const existing = (await sessionStore.read(this.sessionId)) ?? {}
    await sessionStore.write(this.sessionId, { ...existing, ...this.#values })
  }

  async destroy() {}

  async load(sessionId?: string) {
    const values = { ...((await sessionStore.read(sessionId ?? this.sessionId)) ?? {}) }
    const flashMessages = values[this.flashKey] ?? {}
    delete values[this.flashKey]
    return { values, flashMessages }
  }
}

ApiRequest.getter(
  'sessionClient',
  function () {
    return new StoreSessionClient() as unknown as SessionClient
  },
  true
)

/** Sends the request within an existing session (one started by an earlier response). */
ApiRequest.macro('usingSession', function (this: ApiRequest, sessionId: string) {
  ;(this.sessionClient as unknown as StoreSessionClient).sessionId = sessionId
  return this
})

/** A cookie exactly as a browser would send it back (the locale cookie is neither signed nor encoded). */
ApiRequest.macro('withRawCookie', function (this: ApiRequest, name: string, value: string) {
  this.cookiesJar[name] = { name, value }
  return this
})

declare module '@japa/api-client' {
  interface ApiRequest {
    usingSession(sessionId: string): this
    withRawCookie(name: string, value: string): this
  }
}

/*
|--------------------------------------------------------------------------
| Helpers
|--------------------------------------------------------------------------
*/

/**
 * Every request of the suite comes from 127.0.0.1, so the per-IP throttles
 * (sign-up, reset, resend) would fire across tests. Clearing the Redis
 * limiter flushes the whole test Redis database (sessions included), which
 * is what a test wants at its start.
 */
export async function resetThrottles() {
  await limiter.clear()
}

/** A message from resources/lang, as the app renders it. */
export function t(key: string, data?: Record<string, unknown>, locale = 'zh-CN') {
  return i18nManager.locale(locale).t(key, data)
}

export const zh = (key: string, data?: Record<string, unknown>) => t(key, data, 'zh-CN')
export const en = (key: string, data?: Record<string, unknown>) => t(key, data, 'en')

/** A unique address, so that per-address throttles never meet. */
export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.com`
}

export async function countRows(table: string, where: Record<string, unknown> = {}) {
  const row = await db.from(table).where(where).count('* as total').first()
  return Number(row.total)
}

/**
 * Works the jobs queued so far, on the test's own connection (inside its
 * rolled-back transaction, which pg-boss workers cannot see): mails are
 * jobs, so a test runs them before it reads `mails.sent()`. A failed job
 * fails the test.
 */
export async function workQueuedJobs() {
  const { failed } = await jobs.workQueued()
  if (failed.length) throw failed[0].error
}

/**
 * Picks the account mail of a kind sent to an address, in the recipient's
 * language: `mails.assertSent(AccountMail, accountMail('verify_email', to))`
 * (after `workQueuedJobs()`).
 */
export function accountMail(kind: AccountMailKind, to: string, locale = 'zh-CN') {
  return (sent: unknown): sent is AccountMail =>
    sent instanceof AccountMail &&
    sent.message.hasTo(to) &&
    sent.message.hasSubject(t(`mail.${kind}.subject`, {}, locale))
}

/** The first link in a mail, as a path (`/verify-email/…`), rendered like the real mail. */
export async function linkIn(received: AccountMail) {
  await received.buildWithContents()
  const text = String(received.message.toObject().message.text ?? '')
  const match = text.match(/https?:\/\/\S+/)
  if (!match) throw new Error(`No link in the mail:\n${text}`)
  return new URL(match[0]).pathname
}

/** The last segment of a link path: the token. */
export const tokenOf = (path: string) => path.split('/').pop()!

const uploads = app.tmpPath('test-uploads')

/** A real, small PNG on disk, for uploads. */
export async function pngFile(name = 'avatar.png') {
  await mkdir(uploads, { recursive: true })
  const path = `${uploads}/${randomUUID()}-${name}`
  const bytes = await sharp({
    create: { width: 20, height: 20, channels: 3, background: '#c00' },
  })
    .png()
    .toBuffer()
  await writeFile(path, bytes)
  return path
}

/** Removes the files made by `pngFile` and `fileWith`. */
export async function removeUploads() {
  await rm(uploads, { recursive: true, force: true })
}

/** Every file a disk holds (all of it, or under a prefix), by key: what a test says was kept. */
export async function storedFiles(disk: Disk = drive.use(), prefix = '') {
  const { objects } = await disk.listAll(prefix, { recursive: true })
  return [...objects].filter((entry) => entry.isFile).map((entry) => entry.key)
}

/** Any content under any file name (a text file renamed .png, …). */
export async function fileWith(name: string, contents: string | Buffer) {
  await mkdir(uploads, { recursive: true })
  const path = `${uploads}/${randomUUID()}-${name}`
  await writeFile(path, contents)
  return path
}

/**
 * Logs in through the real form, as a browser would, and returns what the
 * browser keeps: the session id and the remember-me cookie (if asked for).
 */
export async function logInThroughForm(
  client: ApiClient,
  credentials: { email: string; password: string; remember?: boolean },
  userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36'
) {
  const form: Record<string, string> = { email: credentials.email, password: credentials.password }
  if (credentials.remember) form.remember = 'true'
  const response = await client
    .post('/login')
    .header('user-agent', userAgent)
    .form(form)
    .withCsrfToken()
    .redirects(0)
  response.assertStatus(302)
  response.assertHeader('location', '/dashboard')
  return {
    response,
    sessionId: sessionIdOf(response),
    rememberToken: (response.cookie('remember_web')?.value || undefined) as string | undefined,
  }
}

export function sessionIdOf(response: ApiResponse) {
  const sessionId = response.cookie(SESSION_COOKIE)?.value
  if (!sessionId) throw new Error('The response set no session cookie')
  return sessionId as string
}

/** The raw Set-Cookie line of a cookie, to check its attributes. */
export function setCookieLine(response: ApiResponse, name: string) {
  const header = response.header('set-cookie') as string[] | string | undefined
  const lines = [header ?? []].flat()
  return lines.find((line) => line.startsWith(`${name}=`))
}

/** The field errors a rejected form flashed back, by field. */
export function fieldErrors(response: ApiResponse): Record<string, string[]> {
  return (response.flashMessage('inputErrorsBag') ?? {}) as Record<string, string[]>
}

/**
 * Whether a browser holding this session (and/or remember-me cookie) is
 * signed in: the login page sends signed-in visitors home.
 */
export async function isSignedIn(
  client: ApiClient,
  browser: { sessionId?: string; rememberToken?: string }
) {
  const request = client.get('/login').redirects(0)
  if (browser.sessionId) request.usingSession(browser.sessionId)
  if (browser.rememberToken) request.withEncryptedCookie('remember_web', browser.rememberToken)
  const response = await request
  return response.status() === 302
}

/** Ends a session in the store, as its 12 hours running out would. */
export async function expireSession(sessionId: string) {
  await sessionStore.destroy(sessionId)
}

/**
 * Each test of the group runs in a rolled-back transaction, with fresh
 * throttles and captured (never sent) mails.
 */
export function isolateEachTest(group: Group) {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => resetThrottles())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })
}

/** Whether the login form accepts these credentials now. */
export async function canLogIn(client: ApiClient, email: string, password: string) {
  const response = await client
    .post('/login')
    .form({ email, password })
    .withCsrfToken()
    .redirects(0)
  return response.session('auth_web') !== undefined
}

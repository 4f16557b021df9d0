import { test } from '@japa/runner'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import Tokens from 'csrf'
import type { ApiClient } from '@japa/api-client'
import PortfolioItem from '#identity/models/portfolio_item'
import { portfolioStore } from '#identity/services/portfolio_store'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { uploadTmpDirectory } from '#config/bodyparser'
import { fileWith, isolateEachTest, removeUploads } from '#tests/helpers'
import { request as httpRequest } from 'node:http'
import type { HttpContext } from '@adonisjs/core/http'
import HttpExceptionHandler from '#shared/exceptions/handler'
import { DEFAULT_PASSWORD } from '#database/factories/user_factory'
import { browserOf, TEST_SERVER } from '#tests/realtime/sse_client'
import { eventually } from '#tests/realtime/ws_client'

const MB = 1024 * 1024

/** Files in a directory (none when it does not exist). */
async function filesIn(directory: string) {
  return readdir(directory).catch(() => [] as string[])
}

/** A JPEG carrying EXIF (camera, GPS-like comment): what a phone uploads. */
async function jpegWithExif() {
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#963' } })
    .jpeg()
    .withExifMerge({ IFD0: { Make: 'SecretCam', ImageDescription: 'home at 31.23N 121.47E' } })
    .toBuffer()
  return fileWith('photo.jpg', bytes)
}

async function masterOfCeramics() {
  const field = await FieldFactory.create()
  const user = await UserFactory.create()
  const identity = await IdentityFactory.apply('certifiedMaster')
    .merge({ userId: user.id, fieldId: field.id })
    .create()
  return { user, identity }
}

/**
 * Every file an upload request wrote, anywhere: the upload temp directory,
 * and the OS temp directory (where the body parser put them before), pointed
 * at an empty directory of the test's own while `work` runs.
 */
async function filesLeftBy(work: () => Promise<unknown>) {
  const osTmp = await mkdtemp(join(tmpdir(), 'mg-upload-test-'))
  const before = new Set(await filesIn(uploadTmpDirectory))
  const savedTmpDir = process.env.TMPDIR
  process.env.TMPDIR = osTmp
  try {
    await work()
  } finally {
    process.env.TMPDIR = savedTmpDir
    if (savedTmpDir === undefined) delete process.env.TMPDIR
  }
  const inOsTmp = await filesIn(osTmp)
  const inUploadTmp = await filesIn(uploadTmpDirectory)
  const left = [
    ...inOsTmp.map((file) => `os tmp: ${file}`),
    ...inUploadTmp.filter((file) => !before.has(file)).map((file) => `upload tmp: ${file}`),
  ]
  await rm(osTmp, { recursive: true, force: true })
  return left
}

function post(client: ApiClient, url: string) {
  return client.post(url).redirects(0)
}

/**
 * The status of a refused request, or how the connection ended: the server
 * answers without reading the body it refuses, so the client may still be
 * sending it when the connection closes (EPIPE, ECONNRESET).
 */
async function statusOf(request: PromiseLike<{ status(): number }>) {
  try {
    const response = await request
    return response.status()
  } catch (error) {
    return (error as { code?: string }).code ?? 'failed'
  }
}

test.group('Upload temp files', (group) => {
  isolateEachTest(group)
  group.each.teardown(() => removeUploads())

  test('a 5 MB file posted where no upload is taken is never written to disk', async ({
    client,
    assert,
  }) => {
    const big = await fileWith('big.bin', Buffer.alloc(5 * MB, 7))
    const user = await UserFactory.create()
    const statuses: (number | string)[] = []
    const left = await filesLeftBy(async () => {
      // no CSRF token, no session
      statuses.push(await statusOf(post(client, '/login').file('f', big)))
      // CSRF-exempt for a visitor without a session
      statuses.push(await statusOf(post(client, '/locale').file('f', big)))
      // the JSON API without a token
      statuses.push(await statusOf(post(client, '/api/v1/me').file('f', big)))
      // signed in, with a valid CSRF token, but not an upload route
      statuses.push(
        await statusOf(post(client, '/onboarding').loginAs(user).withCsrfToken().file('f', big))
      )
    })
    assert.deepEqual(left, [])
    assert.notInclude(statuses, 500)
  })

  test('a refused upload leaves no file: no session, no CSRF token, or an invalid form', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await masterOfCeramics()
    const photo = await jpegWithExif()
    const big = await fileWith('big.bin', Buffer.alloc(5 * MB, 7))
    const statuses: (number | string)[] = []
    const left = await filesLeftBy(async () => {
      statuses.push(await statusOf(post(client, '/portfolio').file('image', photo)))
      statuses.push(await statusOf(post(client, '/portfolio').loginAs(user).file('image', big)))
      // a valid token, but the title is missing and the "image" is not one
      const invalid = await post(client, '/portfolio')
        .loginAs(user)
        .withCsrfToken()
        .fields({ description: 'no title' })
        .file('image', big)
      statuses.push(invalid.status())
    })
    assert.deepEqual(left, [])
    assert.notInclude(statuses, 500)
    assert.equal(statuses[2], 302)
    assert.lengthOf(await PortfolioItem.query().where('identityId', identity.id), 0)
  })

  test('an accepted upload keeps only the re-encoded image: the original (with its EXIF) is deleted', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await masterOfCeramics()
    const photo = await jpegWithExif()
    const left = await filesLeftBy(async () => {
      const response = await post(client, '/portfolio')
        .loginAs(user)
        .withSession({ identity_id: identity.id })
        .withCsrfToken()
        .fields({ title: '青瓷茶盏', description: '龙泉青瓷' })
        .file('image', photo)
      response.assertStatus(302)
    })
    assert.deepEqual(left, [])
    const item = await PortfolioItem.query().where('identityId', identity.id).firstOrFail()
    const stored = await portfolioStore.read(item.imageKey, 'full')
    const metadata = await sharp(stored).metadata()
    assert.equal(metadata.format, 'webp')
    assert.isUndefined(metadata.exif)
    assert.notInclude(Buffer.from(stored).toString('latin1'), 'SecretCam')
  })

  test('a form without JavaScript: the _csrf field first in the body is checked before any file is read', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await masterOfCeramics()
    const photo = await jpegWithExif()
    const tokens = new Tokens()
    const secret = await tokens.secret()
    const asBrowser = (token: string) =>
      post(client, '/portfolio')
        .loginAs(user)
        .withSession({ 'identity_id': identity.id, 'csrf-secret': secret })
        .field('_csrf', token)
        .fields({ title: '柴烧杯', description: '柴窑三天三夜' })
        .file('image', photo)

    const left = await filesLeftBy(async () => {
      const forged = await asBrowser(tokens.create(await tokens.secret()))
      assert.notEqual(forged.header('location'), '/portfolio')
      const sent = await asBrowser(tokens.create(secret))
      sent.assertStatus(302)
      sent.assertHeader('location', '/portfolio')
    })
    assert.deepEqual(left, [])
    const titles = await PortfolioItem.query().where('identityId', identity.id).select('title')
    assert.deepEqual(
      titles.map((item) => item.title),
      ['柴烧杯']
    )
  })

  test('an upload the visitor abandons midway is logged as a client abort (info), not as an error', async ({
    client,
    assert,
    cleanup,
  }) => {
    const user = await UserFactory.create()
    const browser = await browserOf(client, user.email, DEFAULT_PASSWORD)
    // the levels the exception handler logs at, for this test's requests
    const levels: string[] = []
    const report = HttpExceptionHandler.prototype.report
    HttpExceptionHandler.prototype.report = function (error: unknown, ctx: HttpContext) {
      ctx.logger = { ...ctx.logger, log: (level: string) => levels.push(level) } as never
      return report.call(this, error, ctx)
    }
    cleanup(() => {
      HttpExceptionHandler.prototype.report = report
    })

    // a 1 MB avatar announced, 64 KB sent, then the tab is closed
    const boundary = 'mg-aborted-upload'
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="me.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
    const upload = httpRequest(`${TEST_SERVER}/settings/profile`, {
      method: 'POST',
      headers: {
        'cookie': browser.cookie,
        'x-csrf-token': browser.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + MB),
      },
    })
    upload.on('error', () => {})
    upload.write(head)
    upload.write(Buffer.alloc(64 * 1024))
    await new Promise((resolve) => setTimeout(resolve, 300))
    upload.destroy()

    await eventually(() => levels.length > 0, 5000)
    assert.deepEqual(levels, ['info'])
  })
})

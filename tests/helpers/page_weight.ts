import type { Browser, Page, Request } from 'playwright-core'
import { DEFAULT_PASSWORD } from '#database/factories/user_factory'

export const BUDGET_BYTES = 60 * 1024
export const BUDGET_REQUESTS = 8

/**
 * A first visit: every request the page makes (HTML, CSS, JS, images,
 * fetches, event streams, WebSockets, and failed ones), with the bytes of
 * what completed, compressed as sent, headers included, and of the frames
 * a WebSocket received. Problems: a console error (a CSP violation shows up
 * as one), a script error, a failed request, a document that is not a
 * direct 200. `ready` waits for what the page opens after load (a
 * WebSocket) before counting.
 */
export async function measure(
  page: Page,
  url: string,
  ready?: (page: Page) => Promise<unknown>,
  /**
   * What of a request is left out: 'all' (not counted: a lesson's video, fetched as it
   * plays), 'bytes' (counted as a request, not in the weight: a frame of that video).
   */
  leaveOut: (request: Request) => 'all' | 'bytes' | null = () => null
) {
  const problems: string[] = []
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
  page.on('pageerror', (error) => problems.push(error.message))
  let requests = 0
  const ignore = (request: Request) => leaveOut(request) === 'all'
  page.on('request', (request) => ignore(request) || requests++)
  page.on(
    'requestfailed',
    (request) =>
      ignore(request) ||
      problems.push(
        `failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`
      )
  )
  const transfers: Promise<number>[] = []
  page.on(
    'requestfinished',
    (request) =>
      leaveOut(request) !== null ||
      transfers.push(
        request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize)
      )
  )
  let socketBytes = 0
  page.on('websocket', (socket) => {
    requests++
    socket.on('framereceived', ({ payload }) => (socketBytes += Buffer.byteLength(payload)))
  })
  const document = await page.goto(url, { waitUntil: 'networkidle' })
  if (document?.status() !== 200 || document.request().redirectedFrom()) {
    const from = document?.request().redirectedFrom()?.url()
    problems.push(
      `the document answered ${document?.status()}${from ? ` after a redirect from ${from}` : ''}`
    )
  }
  if (ready) await ready(page)
  const sizes = await Promise.all(transfers)
  const bytes = sizes.reduce((sum, size) => sum + size, socketBytes)
  return { requests, bytes, problems }
}

/**
 * Signs in through the login form in a throw-away context and returns its
 * cookies, so the measured context starts with an empty cache but signed in.
 */
export async function signedInState(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`)
  await page.locator('input[name=email]').fill(email)
  await page.locator('input[name=password]').fill(DEFAULT_PASSWORD)
  await page.locator('form[action="/login"] button[type=submit]').click()
  await page.waitForURL('**/dashboard')
  const state = await context.storageState()
  await context.close()
  return state
}

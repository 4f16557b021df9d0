import { randomUUID } from 'node:crypto'
import type { ApiClient } from '@japa/api-client'
import { logInThroughForm } from '#tests/helpers'
import env from '#start/env'

export const TEST_SERVER = `http://${env.get('HOST', '127.0.0.1')}:${env.get('PORT', 3333)}`

/** A browser's credentials for raw fetch calls: its cookies and the page's CSRF token. */
export type Browser = { base: string; cookie: string; csrf: string }

/** Logs in through the form on `base` (the test server unless told) and reads a page's CSRF token. */
export async function browserOf(
  client: ApiClient,
  email: string,
  password: string,
  base = TEST_SERVER
) {
  let cookie: string
  if (base === TEST_SERVER) {
    const { response } = await logInThroughForm(client, { email, password })
    cookie = cookiesOf([response.header('set-cookie')].flat() as string[])
  } else {
    cookie = await logInElsewhere(base, email, password)
  }
  const page = await fetch(`${base}/notifications`, { headers: { cookie } })
  const html = await page.text()
  const csrf = html.match(/"X-CSRF-TOKEN": "([^"]+)"/)?.[1]
  if (!csrf) throw new Error(`no CSRF token on ${base}/notifications (${page.status})`)
  return { base, cookie, csrf } satisfies Browser
}

function cookiesOf(lines: string[], previous = '') {
  const jar = new Map(
    previous ? previous.split('; ').map((pair) => pair.split(/=(.*)/s, 2) as [string, string]) : []
  )
  for (const line of lines) {
    const [pair] = line.split(';')
    const [name, value] = pair.split(/=(.*)/s, 2)
    jar.set(name, value)
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** The login form on another instance, through plain HTTP as a browser would. */
async function logInElsewhere(base: string, email: string, password: string) {
  const form = await fetch(`${base}/login`)
  let cookie = cookiesOf(form.headers.getSetCookie())
  const html = await form.text()
  const token = html.match(/name=['"]_csrf['"] value=['"]([^'"]+)['"]/)?.[1] ?? ''
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'cookie': cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  })
  if (login.status !== 302 || login.headers.get('location') !== '/dashboard') {
    throw new Error(`login on ${base} failed: ${login.status} ${login.headers.get('location')}`)
  }
  cookie = cookiesOf(login.headers.getSetCookie(), cookie)
  return cookie
}

/** Subscribes a stream to a channel, as the Transmit client does (JSON + CSRF header). */
export function subscribe(browser: Browser, uid: string, channel: string) {
  return fetch(`${browser.base}/__transmit/subscribe`, {
    method: 'POST',
    headers: {
      'cookie': browser.cookie,
      'content-type': 'application/json',
      'x-csrf-token': browser.csrf,
    },
    body: JSON.stringify({ uid, channel }),
  })
}

/** The catch-up a (re)connecting browser makes. */
export async function feed(browser: Browser, after: number) {
  const response = await fetch(`${browser.base}/notifications/feed?after=${after}`, {
    headers: { cookie: browser.cookie, accept: 'application/json' },
  })
  return (await response.json()) as {
    items: { id: number; text: Record<string, string> }[]
    bell: { unread: number }
  }
}

type Message = { channel: string; payload: any }

/** One SSE connection (GET /__transmit/events), with the messages it received so far. */
export class SseStream {
  uid: string = randomUUID()
  readonly messages: Message[] = []
  /** Resolves when the server ends the stream (or the test closes it). */
  ended!: Promise<void>
  #abort = new AbortController()
  #waiters: (() => void)[] = []

  /** `uid`: the stream's id, a fresh one unless told (another's, to try to take it). */
  static async open(browser: Browser, uid?: string) {
    const stream = new SseStream()
    if (uid) stream.uid = uid
    const response = await fetch(`${browser.base}/__transmit/events?uid=${stream.uid}`, {
      headers: { cookie: browser.cookie, accept: 'text/event-stream' },
      signal: stream.#abort.signal,
    })
    if (!response.ok || !response.body) {
      throw new Error(`stream refused: ${response.status}`, { cause: response.status })
    }
    stream.ended = stream.#read(response.body)
    return stream
  }

  async #read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = frame.split('\n').find((line) => line.startsWith('data: '))
          if (!data) continue
          const message = JSON.parse(data.slice(6)) as Message
          if (message.channel.startsWith('$$transmit/')) continue
          this.messages.push(message)
          for (const wake of this.#waiters.splice(0)) wake()
        }
      }
    } catch {
      // aborted: the browser went away
    }
  }

  /** Waits until `count` messages have arrived (or fails after `timeout` ms). */
  async received(count: number, timeout = 3000) {
    const deadline = Date.now() + timeout
    while (this.messages.length < count) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${this.messages.length} of ${count} messages arrived`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return this.messages
  }

  close() {
    this.#abort.abort()
  }
}

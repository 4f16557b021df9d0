import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { isolateEachTest, SESSION_COOKIE } from '#tests/helpers'
import { TEST_SERVER } from '#tests/realtime/sse_client'
import { ExpiringMemoryStore } from '#shared/http/expiring_memory_store'

/** Session commits (store writes and touches) while `work` runs. */
async function commitsDuring(work: () => Promise<unknown>) {
  let commits = 0
  const count = () => commits++
  emitter.on('session:committed', count)
  emitter.on('session:migrated', count)
  try {
    await work()
  } finally {
    emitter.off('session:committed', count)
    emitter.off('session:migrated', count)
  }
  return commits
}

function sessionCookieOf(response: Response) {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))
}

test.group('Sessions are created only when something is written', (group) => {
  isolateEachTest(group)

  test('a visitor without cookies gets no session from health checks, a 404 or a page with no form', async ({
    assert,
  }) => {
    const cookies: string[] = []
    const commits = await commitsDuring(async () => {
      for (const path of [
        '/health/live',
        '/health/ready',
        '/no/such/page',
        '/fields/no-such-field',
      ]) {
        const response = await fetch(`${TEST_SERVER}${path}`, { redirect: 'manual' })
        await response.text()
        const cookie = sessionCookieOf(response)
        if (cookie) cookies.push(`${path}: ${cookie}`)
      }
    })
    assert.deepEqual(cookies, [])
    assert.equal(commits, 0)
  })

  test('a page with a form (the login page) does get one, and its CSRF token works', async ({
    assert,
  }) => {
    const page = await fetch(`${TEST_SERVER}/login`)
    const html = await page.text()
    const cookie = sessionCookieOf(page)?.split(';')[0]
    assert.isDefined(cookie)
    const token = html.match(/name='_csrf' value='([^']+)'/)?.[1]
    assert.isDefined(token)

    const user = await UserFactory.create()
    const login = await fetch(`${TEST_SERVER}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'cookie': cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token!, email: user.email, password: DEFAULT_PASSWORD }),
    })
    // signed in (a refused token would have been sent back)
    assert.equal(login.status, 302)
    assert.equal(login.headers.get('location'), '/dashboard')
  })

  test('a visitor without a session switches the language without getting one', async ({
    assert,
  }) => {
    const page = await fetch(`${TEST_SERVER}/no/such/page`)
    const html = await page.text()
    assert.include(html, 'locale-form')
    assert.notInclude(html, "name='_csrf'")
    assert.notInclude(html, 'X-CSRF-TOKEN')
    const commits = await commitsDuring(async () => {
      const switched = await fetch(`${TEST_SERVER}/locale`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ locale: 'en', back: '/' }),
      })
      assert.equal(switched.status, 302)
      assert.isUndefined(sessionCookieOf(switched))
    })
    assert.equal(commits, 0)
  })

  test('health checks never read or renew a session, even one the request carries', async ({
    assert,
  }) => {
    const page = await fetch(`${TEST_SERVER}/login`)
    const cookie = sessionCookieOf(page)!.split(';')[0]
    const commits = await commitsDuring(async () => {
      for (const path of ['/health/live', '/health/ready']) {
        const response = await fetch(`${TEST_SERVER}${path}`, { headers: { cookie } })
        assert.equal(response.status, 200)
        assert.deepEqual(response.headers.getSetCookie(), [])
      }
    })
    assert.equal(commits, 0)
  })
})

test.group('The memory session store', () => {
  test('an entry expires its age after the last write or touch, and expired ones are swept', ({
    assert,
  }) => {
    let now = 1_000_000
    const store = new ExpiringMemoryStore(1000, () => now)
    ExpiringMemoryStore.entries.clear()

    store.write('a', { user: 1 })
    store.tag('a', 7)
    store.write('b', { user: 2 })
    now += 600
    store.touch('a')
    now += 600
    assert.deepEqual(store.read('a'), { user: 1 })
    assert.isNull(store.read('b'))
    assert.deepEqual(store.tagged(7), [{ id: 'a', data: { user: 1 } }])

    now += 1000
    assert.isNull(store.read('a'))
    assert.deepEqual(store.tagged(7), [])

    // visitors who never come back are swept on a later write, not kept forever
    for (let index = 0; index < 100; index++) store.write(`gone-${index}`, { index })
    now += 120_000
    store.write('c', { user: 3 })
    assert.deepEqual([...ExpiringMemoryStore.entries.keys()], ['c'])
  })
})

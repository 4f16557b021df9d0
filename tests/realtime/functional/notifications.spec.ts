import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { notificationService } from '#realtime/index'
import { countRows, en, isolateEachTest, zh } from '#tests/helpers'

const CERAMICS = { fieldNameZh: '陶艺', fieldNameEn: 'Ceramics' }

/** Stores `count` notifications for a user, oldest first; reason-01 … reason-NN tell them apart. */
async function notifyMany(userId: number, count: number) {
  const records = []
  for (let index = 1; index <= count; index++) {
    records.push(
      await notificationService.notify(userId, 'certification.rejected', {
        ...CERAMICS,
        reason: `reason-${String(index).padStart(2, '0')}`,
      })
    )
  }
  return records
}

async function readAtOf(id: number) {
  const row = await db.from('notifications').where('id', id).select('read_at').first()
  return row.read_at as Date | null
}

test.group('Notifications: the store', (group) => {
  isolateEachTest(group)

  test('a notification is stored with its cause: a rolled-back transaction stores nothing', async ({
    assert,
  }) => {
    const user = await UserFactory.create()

    const trx = await db.transaction()
    await notificationService.notify(user.id, 'certification.approved', CERAMICS, trx)
    // (each test runs inside a global transaction, so this one is a savepoint of it)
    const inside = await trx.from('notifications').where('recipient_id', user.id).count('* as n')
    assert.equal(Number(inside[0].n), 1)
    await trx.rollback()
    assert.equal(await countRows('notifications', { recipient_id: user.id }), 0)

    await db.transaction(async (committed) => {
      await notificationService.notify(user.id, 'certification.approved', CERAMICS, committed)
    })
    assert.equal(await countRows('notifications', { recipient_id: user.id }), 1)
    assert.equal(await notificationService.unreadCount(user.id), 1)
  })

  test('the payload is kept as given and a kind is at most 60 characters', async ({ assert }) => {
    const user = await UserFactory.create()
    const stored = await notificationService.notify(user.id, 'certification.rejected', {
      ...CERAMICS,
      reason: 'too short',
      url: '/dashboard',
    })
    const [again] = await notificationService.after(user.id, 0)
    assert.deepEqual(again.payload, { ...CERAMICS, reason: 'too short', url: '/dashboard' })
    assert.equal(again.id, stored.id)
    assert.isNull(again.readAt)
    assert.instanceOf(again.createdAt, Date)
    await assert.rejects(() => notificationService.notify(user.id, 'x'.repeat(61), {}))
  })

  test('after(): only the user’s own, above the id, oldest first, 100 at most', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    const mine = []
    for (let index = 0; index < 105; index++) {
      mine.push(await notificationService.notify(user.id, 'generic.test', { index }))
      if (index === 50) await notificationService.notify(stranger.id, 'generic.test', {})
    }

    const first = await notificationService.after(user.id, 0)
    assert.lengthOf(first, 100)
    assert.deepEqual(
      first.map((item) => item.id),
      mine.slice(0, 100).map((item) => item.id)
    )

    const rest = await notificationService.after(user.id, first.at(-1)!.id)
    assert.deepEqual(
      rest.map((item) => item.payload.index),
      [100, 101, 102, 103, 104]
    )
    assert.deepEqual(await notificationService.after(user.id, mine.at(-1)!.id), [])
    assert.lengthOf(await notificationService.after(stranger.id, 0), 1)

    // reading does not hide anything from the catch-up
    await notificationService.markAllRead(user.id)
    assert.lengthOf(await notificationService.after(user.id, mine[99].id), 5)
  })

  test('markRead() only marks the user’s own; markAllRead() only theirs', async ({ assert }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    const [mine, other] = await notifyMany(user.id, 2)
    const theirs = await notificationService.notify(stranger.id, 'certification.approved', CERAMICS)

    assert.isFalse(await notificationService.markRead(user.id, theirs.id))
    assert.isFalse(await notificationService.markRead(user.id, 999_999_999))
    assert.isNull(await readAtOf(theirs.id))

    const marked = await notificationService.markRead(user.id, mine.id)
    assert.isNotFalse(marked)
    const firstRead = await readAtOf(mine.id)
    assert.isNotNull(firstRead)
    await notificationService.markRead(user.id, mine.id)
    assert.equal((await readAtOf(mine.id))!.getTime(), firstRead!.getTime(), 'first time kept')

    assert.equal(await notificationService.markAllRead(user.id), 1)
    assert.isNotNull(await readAtOf(other.id))
    assert.equal(await notificationService.unreadCount(user.id), 0)
    assert.equal(await notificationService.unreadCount(stranger.id), 1)
  })
})

test.group('Notifications: the page', (group) => {
  isolateEachTest(group)

  test('a guest is sent to the login page', async ({ client }) => {
    const page = await client.get('/notifications').redirects(0)
    page.assertStatus(302)
    page.assertHeader('location', '/login')

    const readAll = await client.post('/notifications/read-all').withCsrfToken().redirects(0)
    readAll.assertHeader('location', '/login')

    const read = await client.post('/notifications/1/read').withCsrfToken().redirects(0)
    read.assertHeader('location', '/login')
  })

  test('lists only the user’s own, newest first, 20 a page', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    await notifyMany(user.id, 25)
    await notificationService.notify(stranger.id, 'certification.rejected', {
      ...CERAMICS,
      reason: 'not-yours',
    })

    const first = await client.get('/notifications').loginAs(user)
    first.assertStatus(200)
    first.assertTextIncludes(en('notifications.title'))
    const html = first.text()
    assert.notInclude(html, 'not-yours')
    assert.include(html, 'reason-25')
    assert.include(html, 'reason-06')
    assert.notInclude(html, 'reason-05')
    assert.isBelow(html.indexOf('reason-25'), html.indexOf('reason-24'))
    assert.isBelow(html.indexOf('reason-07'), html.indexOf('reason-06'))
    assert.equal(html.split('class="card notification').length - 1, 20)
    assert.include(html, 'href="/notifications?page=2"')

    const second = await client.get('/notifications?page=2').loginAs(user)
    const secondHtml = second.text()
    assert.equal(secondHtml.split('class="card notification').length - 1, 5)
    assert.include(secondHtml, 'reason-05')
    assert.include(secondHtml, 'reason-01')
    assert.notInclude(secondHtml, 'reason-06')
    assert.include(secondHtml, 'href="/notifications?page=1"')

    // anything that is not a page number is the first page
    const odd = await client.get('/notifications?page=abc').loginAs(user)
    odd.assertStatus(200)
    assert.include(odd.text(), 'reason-25')
  })

  test('with none, the page says so', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client.get('/notifications').loginAs(user)
    response.assertStatus(200)
    response.assertTextIncludes(en('notifications.empty'))
  })

  test('the header bell shows the unread count, for signed-in users only', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const [first] = await notifyMany(user.id, 4)
    await notificationService.markRead(user.id, first.id)

    const page = await client.get('/dashboard').loginAs(user)
    page.assertStatus(200)
    page.assertTextIncludes('href="/notifications"')
    page.assertTextIncludes(en('notifications.bell_unread', { count: 3 }))
    assert.equal(en('notifications.bell_unread', { count: 3 }), '3 unread notifications')
    assert.match(page.text(), /class="bell-count"[^>]*>\s*3\s*</)

    const chinese = await UserFactory.apply('chinese').create()
    await notificationService.notify(chinese.id, 'certification.approved', CERAMICS)
    const chinesePage = await client.get('/dashboard').loginAs(chinese)
    chinesePage.assertTextIncludes('1 条未读通知')

    await notificationService.markAllRead(user.id)
    const none = await client.get('/dashboard').loginAs(user)
    none.assertTextIncludes('href="/notifications"')
    assert.notInclude(none.text(), 'class="bell-count"')

    const guest = await client.get('/')
    guest.assertStatus(200)
    assert.notInclude(guest.text(), 'href="/notifications"')
  })

  test('marking one read: own only; someone else’s is a 404 and stays unread', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    const [mine] = await notifyMany(user.id, 1)
    const theirs = await notificationService.notify(stranger.id, 'certification.approved', CERAMICS)

    const refused = await client
      .post(`/notifications/${theirs.id}/read`)
      .form({})
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    refused.assertStatus(404)
    assert.isNull(await readAtOf(theirs.id))

    const junk = await client
      .post('/notifications/not-an-id/read')
      .form({})
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    junk.assertStatus(404)

    const response = await client
      .post(`/notifications/${mine.id}/read`)
      .form({ back: '/notifications?page=2' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/notifications?page=2')
    assert.isNotNull(await readAtOf(mine.id))

    const page = await client.get('/notifications').loginAs(user)
    assert.notInclude(page.text(), 'notification-unread')
    assert.notInclude(page.text(), `action="/notifications/${mine.id}/read"`)
  })

  test('opening a notification with a link marks it read and goes there', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const linked = await notificationService.notify(user.id, 'certification.approved', {
      ...CERAMICS,
      url: '/dashboard',
    })

    const page = await client.get('/notifications').loginAs(user)
    page.assertTextIncludes(`action="/notifications/${linked.id}/read"`)

    const response = await client
      .post(`/notifications/${linked.id}/read`)
      .form({ open: '1', back: '/notifications' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    response.assertHeader('location', '/dashboard')
    assert.isNotNull(await readAtOf(linked.id))

    // once read, it is a plain link
    const after = await client.get('/notifications').loginAs(user)
    after.assertTextIncludes('href="/dashboard"')
  })

  test('"mark read" on a notification with a link stays on the list', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const linked = await notificationService.notify(user.id, 'certification.approved', {
      ...CERAMICS,
      url: '/dashboard',
    })

    // the text and the "mark read" button submit one form; only the text sends `open`
    const page = await client.get('/notifications').loginAs(user)
    const form = `id="notification-${linked.id}"`
    page.assertTextIncludes(form)
    assert.equal(page.text().split(`form="notification-${linked.id}"`).length - 1, 2)

    const response = await client
      .post(`/notifications/${linked.id}/read`)
      .form({ back: '/notifications?page=2' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    response.assertHeader('location', '/notifications?page=2')
    assert.isNotNull(await readAtOf(linked.id))
  })

  test('mark all read: every one of the user’s own, nobody else’s', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    await notifyMany(user.id, 3)
    const theirs = await notificationService.notify(stranger.id, 'certification.approved', CERAMICS)

    const response = await client
      .post('/notifications/read-all')
      .form({})
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/notifications')
    response.assertFlashMessage('success', en('notifications.all_marked_read'))
    assert.equal(await notificationService.unreadCount(user.id), 0)
    assert.isNull(await readAtOf(theirs.id))

    const page = await client.get('/notifications').loginAs(user)
    assert.notInclude(page.text(), en('notifications.mark_all_read'))
  })

  test('texts in English', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await notificationService.notify(user.id, 'certification.approved', CERAMICS)
    await notificationService.notify(user.id, 'certification.rejected', {
      ...CERAMICS,
      reason: 'The photos <b>are blurry</b>',
    })
    await notificationService.notify(user.id, 'certification.more_info_requested', {
      ...CERAMICS,
      message: 'Add a video',
    })
    await notificationService.notify(user.id, 'certification.submitted', {
      ...CERAMICS,
      applicant: 'Li Wei',
    })
    await notificationService.notify(user.id, 'something.new', {})

    const response = await client.get('/notifications').loginAs(user)
    const html = response.text()
    assert.include(html, 'Your Ceramics master certification was approved')
    assert.include(
      html,
      'Your Ceramics master certification was rejected: The photos &lt;b&gt;are blurry&lt;/b&gt;'
    )
    assert.include(html, 'Your Ceramics master certification needs more information: Add a video')
    assert.include(html, 'New Ceramics master certification application from Li Wei')
    assert.include(html, 'You have a new notification')
    assert.notInclude(html, '<b>are blurry</b>')
  })

  test('texts in Chinese', async ({ client, assert }) => {
    const user = await UserFactory.apply('chinese').create()
    await notificationService.notify(user.id, 'certification.approved', CERAMICS)
    await notificationService.notify(user.id, 'certification.rejected', {
      ...CERAMICS,
      reason: '照片不清晰',
    })
    await notificationService.notify(user.id, 'certification.more_info_requested', {
      ...CERAMICS,
      message: '请补充作品视频',
    })
    await notificationService.notify(user.id, 'certification.submitted', {
      ...CERAMICS,
      applicant: '李伟',
    })
    await notificationService.notify(user.id, 'something.new', {})

    const response = await client.get('/notifications').loginAs(user)
    const html = response.text()
    assert.include(html, zh('notifications.title'))
    assert.include(html, '你的陶艺大师认证已通过')
    assert.include(html, '你的陶艺大师认证未通过：照片不清晰')
    assert.include(html, '你的陶艺大师认证需要补充信息：请补充作品视频')
    assert.include(html, '李伟 提交了新的陶艺大师认证申请')
    assert.include(html, '你有一条新通知')
  })

  test('a link to another site in a payload is never rendered nor followed', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const offSite = [
      'https://evil.example/a',
      '//evil.example/b',
      '/\\evil.example/c',
      'javascript:alert(1)',
      ' /evil-space',
    ]
    const stored = []
    for (const url of offSite) {
      stored.push(
        await notificationService.notify(user.id, 'certification.approved', { ...CERAMICS, url })
      )
    }

    const page = await client.get('/notifications').loginAs(user)
    page.assertStatus(200)
    const html = page.text()
    assert.notInclude(html, 'evil')
    assert.notInclude(html, 'javascript:')

    for (const notification of stored) {
      const response = await client
        .post(`/notifications/${notification.id}/read`)
        .form({ back: '//evil.example/back' })
        .withCsrfToken()
        .loginAs(user)
        .redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/notifications')
    }
    await notificationService.markAllRead(user.id)
    const read = await client.get('/notifications').loginAs(user)
    assert.notInclude(read.text(), 'evil')
  })
})

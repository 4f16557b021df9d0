import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import User from '#identity/models/user'
import { chatService } from '#chat/index'
import { messageViews } from '#chat/services/message_views'
import { formatMoment } from '#shared/i18n/date_time'
import { isolateEachTest, uniqueEmail } from '#tests/helpers'
import { conversationPair } from '#tests/chat/chat_helpers'

/*
| Chat times read in each reader's own zone — on the page and in what the
| socket pushes — with the time alone for today; the zone comes from the
| browser at sign-up and stays editable in the settings.
*/

test.group('Chat times in the reader’s zone', (group) => {
  isolateEachTest(group)

  test('sign-up keeps the browser’s zone; an unknown one leaves Beijing time', async ({
    client,
    assert,
  }) => {
    for (const [timeZone, kept] of [
      ['America/New_York', 'America/New_York'],
      // Firefox and Safari name some zones otherwise than V8's list: kept in the list's spelling
      ['Asia/Kolkata', 'Asia/Calcutta'],
      ['Europe/Kyiv', 'Europe/Kiev'],
      ['Etc/UTC', 'UTC'],
      ['UTC', 'UTC'],
      ['+05:30', 'Asia/Shanghai'],
      ['Mars/Olympus_Mons', 'Asia/Shanghai'],
      ['', 'Asia/Shanghai'],
    ]) {
      const email = uniqueEmail('zone')
      const response = await client
        .post('/signup')
        .form({ displayName: '小林', email, password: 'a fine password', timeZone })
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      const user = await User.findByOrFail('email', email)
      assert.equal(user.timeZone, kept, timeZone)
    }
    const page = await client.get('/signup')
    page.assertTextIncludes('<input type="hidden" name="timeZone" x-data="browserTimeZone" />')
  })

  test('a message of today shows its time alone, in each reader’s zone, on the page and pushed', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair('en', 'en')
    a.timeZone = 'America/New_York'
    await a.save()
    b.timeZone = 'Asia/Kolkata'
    await b.save()
    const { message } = await chatService.send(id, a.id, randomUUID(), 'Hello from New York')
    const inNewYork = formatMoment(message.createdAt, 'en', 'America/New_York')
    const inKolkata = formatMoment(message.createdAt, 'en', 'Asia/Kolkata')
    assert.notEqual(inNewYork, inKolkata)
    assert.notMatch(inNewYork, /\d{4}/, 'today: no date')

    const page = await client.get(`/messages/${id}`).loginAs(b)
    page.assertStatus(200)
    page.assertTextIncludes(`>${inKolkata}</time>`)

    const pushed = await messageViews.forMembers(message, [a.id, b.id])
    assert.include(pushed.get(a.id), `>${inNewYork}</time>`)
    assert.include(pushed.get(b.id), `>${inKolkata}</time>`)
  })
})

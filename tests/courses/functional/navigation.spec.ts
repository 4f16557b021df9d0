import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { isolateEachTest, zh } from '#tests/helpers'

test.group('Courses in the header', (group) => {
  isolateEachTest(group)

  test('the main navigation leads everyone to the catalogue', async ({ client, assert }) => {
    const guest = await client.get('/').header('accept-language', 'zh-CN')
    assert.match(
      guest.text(),
      new RegExp(`<a href="/courses">${zh('courses_catalogue.title')}</a>`)
    )
    const user = await UserFactory.merge({ locale: 'zh-CN' }).create()
    const signedIn = await client.get('/settings/profile').loginAs(user)
    assert.include(signedIn.text(), `<a href="/courses">${zh('courses_catalogue.title')}</a>`)
  })
})

import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { isolateEachTest } from '#tests/helpers'

/** The markup of one element of a page, by its id. */
function tagWithId(html: string, id: string) {
  return html.match(new RegExp(`<[a-z]+ id="${id}"[^>]*>`))?.[0] ?? ''
}

test.group('Form fields (components/field/*)', (group) => {
  isolateEachTest(group)

  test('a rejected form: each error on its field, tied by aria-describedby; what was typed comes back escaped, never a password', async ({
    client,
    assert,
  }) => {
    const page = await client.get('/signup').withFlashMessages({
      inputErrorsBag: { email: ['not an email'], password: ['too short'] },
      displayName: '<b>陶</b>"x',
      email: 'not-an-email',
      password: 'hunter22',
    })
    const html = page.text()

    assert.include(html, '<label for="field-email">')
    const email = tagWithId(html, 'field-email')
    assert.include(email, 'value="not-an-email"')
    assert.include(email, 'aria-describedby="field-email-error"')
    assert.include(email, 'aria-invalid="true"')
    assert.include(html, '<p class="error" id="field-email-error">not an email</p>')

    const name = tagWithId(html, 'field-displayName')
    assert.include(name, 'value="&lt;b&gt;陶&lt;/b&gt;&quot;x"')
    assert.include(name, 'aria-describedby="field-displayName-hint"')
    assert.notInclude(name, 'aria-invalid')

    const password = tagWithId(html, 'field-password')
    assert.include(password, 'aria-describedby="field-password-hint field-password-error"')
    assert.notInclude(password, 'value=')
    assert.notInclude(html, 'hunter22')
  })

  test('a list of checkboxes: one error for the list, and what was ticked stays ticked', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const page = await client
      .get('/settings/tokens')
      .loginAs(user)
      .withFlashMessages({
        inputErrorsBag: { name: ['a name, please'], scopes: ['pick one more'] },
        scopes: ['fields:read'],
      })
    const html = page.text()

    assert.match(
      html,
      /<fieldset class="field has-error" aria-describedby="scopes-hint scopes-error">/
    )
    assert.include(html, '<p class="error" id="scopes-error">pick one more</p>')
    const ticked = tagWithId(html, 'scope-fields-read')
    const unticked = tagWithId(html, 'scope-profile-read')
    assert.include(ticked, ' checked')
    assert.notInclude(unticked, ' checked')
    assert.notInclude(ticked + unticked, 'aria-invalid')
  })
})

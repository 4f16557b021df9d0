import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import {
  DEFAULT_LOCALE,
  LOCALES,
  localeFromAcceptLanguage,
  pickLocale,
} from '#shared/http/locale_choice'

test.group('Locale choice', () => {
  test('matches the i18n configuration', ({ assert }) => {
    assert.deepEqual([...LOCALES], i18nManager.supportedLocales())
    assert.equal(DEFAULT_LOCALE, i18nManager.defaultLocale)
  })

  test('Accept-Language: English only when preferred over Chinese', ({ assert }) => {
    const cases: [string | undefined, string][] = [
      [undefined, 'zh-CN'],
      ['', 'zh-CN'],
      ['en', 'en'],
      ['en-US,en;q=0.9', 'en'],
      ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
      ['zh,en', 'zh-CN'],
      ['zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7', 'zh-CN'],
      ['zh;q=0.5,en;q=0.8', 'en'],
      ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
      ['fr-FR,de;q=0.9', 'zh-CN'],
      ['*', 'zh-CN'],
      ['fr,*;q=0.5,en;q=0.3', 'zh-CN'],
      ['en;q=0,zh;q=0.1', 'zh-CN'],
      ['EN-gb', 'en'],
      ['en;q=abc', 'zh-CN'],
    ]
    for (const [header, expected] of cases) {
      assert.equal(localeFromAcceptLanguage(header), expected, String(header))
    }
  })

  test('the user setting, then the cookie, then the header', ({ assert }) => {
    assert.equal(pickLocale('en', 'zh-CN', 'zh'), 'en')
    assert.equal(pickLocale(null, 'en', 'zh'), 'en')
    assert.equal(pickLocale(undefined, 'fr', 'en'), 'en')
    assert.equal(pickLocale('xx', undefined, undefined), 'zh-CN')
  })
})

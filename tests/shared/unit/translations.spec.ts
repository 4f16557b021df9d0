import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { IntlMessageFormat } from 'intl-messageformat'

/**
 * zh-CN is the default and English is complete: both languages have the
 * same files and the same keys, no empty message, and each message uses
 * the same values ({name}, {count, plural, …}) in both, so that neither
 * language shows a raw key or drops what the other says.
 */
const LOCALES = ['zh-CN', 'en'] as const

type Messages = Map<string, string>

function flatten(value: unknown, prefix: string, into: Messages) {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}.${key}`, into)
  } else {
    into.set(prefix, String(value))
  }
}

async function messagesOf(locale: string) {
  const folder = app.languageFilesPath(locale)
  const names = await readdir(folder)
  const files = names.filter((file) => file.endsWith('.json')).sort()
  const messages: Messages = new Map()
  for (const file of files) {
    flatten(JSON.parse(await readFile(`${folder}/${file}`, 'utf8')), file.slice(0, -5), messages)
  }
  return { files, messages }
}

/** The names of the values a message uses, wherever they are (plural and select branches too). */
function valuesOf(message: string, locale: string) {
  const names = new Set<string>()
  const walk = (elements: any[]) => {
    for (const element of elements) {
      if (typeof element.value === 'string' && element.type !== 0) names.add(element.value)
      for (const option of Object.values(element.options ?? {}) as any[]) walk(option.value)
      if (Array.isArray(element.children)) walk(element.children)
    }
  }
  // parsed as the app formats it (app/shared/i18n/cached_icu_formatter.ts)
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst())
  return [...names].sort()
}

test.group('Translations', () => {
  test('zh-CN and English have the same files and the same keys', async ({ assert }) => {
    const [zh, en] = await Promise.all(LOCALES.map(messagesOf))
    assert.deepEqual(en.files, zh.files)
    const missingInEnglish = [...zh.messages.keys()].filter((key) => !en.messages.has(key))
    const missingInChinese = [...en.messages.keys()].filter((key) => !zh.messages.has(key))
    assert.deepEqual(missingInEnglish, [], 'keys only in zh-CN')
    assert.deepEqual(missingInChinese, [], 'keys only in English')
    assert.isAbove(zh.messages.size, 100)
  })

  test('no message is empty, and each uses the same values in both languages', async ({
    assert,
  }) => {
    const [zh, en] = await Promise.all(LOCALES.map(messagesOf))
    const problems: string[] = []
    for (const [key, chinese] of zh.messages) {
      const english = en.messages.get(key)
      if (english === undefined) continue
      if (!chinese.trim() || !english.trim()) problems.push(`${key}: empty`)
      const values = [valuesOf(chinese, 'zh-CN'), valuesOf(english, 'en')]
      if (values[0].join() !== values[1].join()) {
        problems.push(`${key}: zh-CN uses {${values[0]}}, English {${values[1]}}`)
      }
    }
    assert.deepEqual(problems, [])
  })
})

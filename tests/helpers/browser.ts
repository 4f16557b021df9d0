import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import app from '@adonisjs/core/services/app'
import env from '#start/env'

export const baseUrl = `http://${env.get('HOST', '127.0.0.1')}:${env.get('PORT', 3334)}`

/** Reads a UI string the way the pages do, so a journey can find labels in either language. */
export function uiText(locale: 'zh-CN' | 'en', file: string, path: string) {
  const messages = JSON.parse(
    readFileSync(app.makePath(`resources/lang/${locale}/${file}.json`), 'utf8')
  )
  return path.split('.').reduce((node, key) => node[key], messages) as string
}

export function screenshotPath(name: string) {
  return app.makePath(`tests/screenshots/${name}.png`)
}

/** How far the page is wider than its window, in pixels (0 when nothing sticks out). */
export function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const root = (globalThis as any).document.documentElement
    return root.scrollWidth - root.clientWidth
  })
}

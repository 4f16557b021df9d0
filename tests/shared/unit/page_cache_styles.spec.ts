import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import { pageCache } from '#shared/http/page_cache'

const CSS = ':root{--bg:#f8f6f2}body{background:var(--bg)}'
const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

function page(html: string, csp: string) {
  return {
    key: '/styled',
    locale: 'zh-CN',
    html: `<!DOCTYPE html><html><head>${html}</head><body><p>内容</p></body></html>`,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
  }
}

test.group('Page cache and inline styles', (group) => {
  group.each.setup(() => {
    pageCache.clear()
    return () => pageCache.clear()
  })

  test('a page whose <style> the policy admits by its hash is cached', ({ assert }) => {
    const csp = `default-src 'self';script-src 'self';style-src 'self' ${hashOf(CSS)}`
    assert.isTrue(pageCache.store(page(`<style>${CSS}</style>`, csp)))
    assert.equal(pageCache.size, 1)
  })

  test('a <style> the policy does not list is refused: {case}')
    .with([
      { case: 'another text', style: `<style>${CSS}p{}</style>`, listed: hashOf(CSS) },
      { case: 'no hash at all', style: `<style>${CSS}</style>`, listed: '' },
      {
        case: 'a second, unlisted element',
        style: `<style>${CSS}</style><style>p{}</style>`,
        listed: hashOf(CSS),
      },
      { case: 'an unclosed element', style: `<style>${CSS}`, listed: hashOf(CSS) },
    ])
    .run(({ assert }, { style, listed }) => {
      const csp = `default-src 'self';style-src 'self' ${listed}`
      assert.isFalse(pageCache.store(page(style, csp)))
      assert.equal(pageCache.stats.refused, 1)
      assert.equal(pageCache.size, 0)
    })

  test('a hash listed for scripts does not admit a style', ({ assert }) => {
    const csp = `default-src 'self';script-src 'self' ${hashOf(CSS)};style-src 'self'`
    assert.isFalse(pageCache.store(page(`<style>${CSS}</style>`, csp)))
  })
})

import { test } from '@japa/runner'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { startCachedServer } from '#tests/helpers/cached_server'

let get: Awaited<ReturnType<typeof startCachedServer>>['get']
let send: Awaited<ReturnType<typeof startCachedServer>>['send']

/** Pages the app renders for each request (the login page: not from the page cache). */
test.group('Compression of rendered pages', (group) => {
  group.setup(async () => {
    const server = await startCachedServer()
    get = server.get
    send = server.send
    return server.close
  })

  test('a rendered page is compressed once, as the browser asks (br, then gzip)', async ({
    assert,
  }) => {
    const plain = await get('/login', { 'accept-encoding': 'identity' })
    assert.equal(plain.status, 200)
    assert.notProperty(plain.headers, 'content-encoding')
    assert.include(plain.headers.vary, 'Accept-Encoding')
    assert.include(plain.text, '<form')

    const br = await get('/login', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(br.headers['content-length'], String(br.body.length))
    assert.include(br.headers.vary, 'Accept-Encoding')
    const fromBr = brotliDecompressSync(br.body).toString()
    // the same page, but for its per-response CSRF token and CSP nonce
    const tokens = /value='[^']+'|nonce="[^"]+"|"X-CSRF-TOKEN": "[^"]+"/g
    assert.equal(fromBr.replace(tokens, ''), plain.text.replace(tokens, ''))

    const gzip = await get('/login', { 'accept-encoding': 'gzip, deflate' })
    assert.equal(gzip.headers['content-encoding'], 'gzip')
    assert.equal(
      gunzipSync(gzip.body).toString().replace(tokens, ''),
      plain.text.replace(tokens, '')
    )
  })

  test('HEAD and small answers are sent as they are', async ({ assert }) => {
    const health = await get('/health/live', { 'accept-encoding': 'br' })
    assert.equal(health.status, 200)
    assert.notProperty(health.headers, 'content-encoding')
  })

  test('a HEAD varies like its GET, rendered or from the page cache', async ({ assert }) => {
    // the anonymous home: once to fill the page cache, then both from it
    await get('/', { 'accept-encoding': 'br' })
    for (const path of ['/login', '/']) {
      const full = await get(path, { 'accept-encoding': 'br' })
      const head = await send('HEAD', path, { 'accept-encoding': 'br' })
      assert.equal(head.status, 200)
      assert.isNotEmpty(full.headers.vary)
      assert.equal(head.headers.vary, full.headers.vary, `Vary of HEAD ${path}`)
      assert.equal(head.body.length, 0)
    }
  })

  test('an error page, rendered after the middleware chain, is compressed too', async ({
    assert,
  }) => {
    const missing = await get('/users/999999999', { 'accept-encoding': 'gzip' })
    assert.equal(missing.status, 404)
    assert.equal(missing.headers['content-encoding'], 'gzip')
    assert.include(gunzipSync(missing.body).toString(), '<html')
  })
})

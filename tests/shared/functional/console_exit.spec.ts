import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import env from '#start/env'

/**
 * `ace codegen` warms the app up as the web environment, where the shutdown
 * hooks never run: anything that connects while warming up (Transmit's Redis
 * transport did) keeps the command, and `npm run typecheck`, from ever ending.
 */
test.group('Console commands', () => {
  test('ace codegen ends on its own with REDIS_URL set', async ({ assert }) => {
    const child = spawn(process.execPath, ['ace', 'codegen'], {
      cwd: app.appRoot.pathname,
      env: { ...process.env, NODE_ENV: 'development', REDIS_URL: env.get('REDIS_URL') },
      stdio: 'ignore',
    })
    const ended = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000)
    const code = await ended
    clearTimeout(timer)
    assert.equal(code, 0, 'ace codegen was still running after 25 s')
  }).timeout(30_000)
})

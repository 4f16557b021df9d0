import { spawn, type ChildProcess } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { buildIfStale } from '../../bin/build_if_stale.js'

/**
 * The production build served by a real `node build/bin/server.js`, against
 * the test database, Redis and storage: what a visitor's browser actually receives
 * (hashed, compressed assets), unlike the test server's Vite dev assets.
 */
export async function startProductionServer(port: number, extraEnv: Record<string, string> = {}) {
  buildIfStale(`${app.makePath()}/`, 'ignore')
  const child: ChildProcess = spawn(process.execPath, [app.makePath('build/bin/server.js')], {
    cwd: app.makePath('build'),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_KEY: env.get('APP_KEY').release(),
      DATABASE_URL: env.get('DATABASE_URL'),
      REDIS_URL: env.get('REDIS_URL'),
      // the test's files (portfolio images it stores), not build/storage
      STORAGE_DIR: env.get('STORAGE_DIR') ?? app.makePath('storage'),
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
  })
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`production server exited with ${child.exitCode}`)
    try {
      const live = await fetch(`${url}/health/live`)
      if (live.ok) break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    /**
     * SIGTERM, then resolves on exit (at once if it has already exited). A server still
     * running 15 s later is killed: a shutdown that hangs (seen under load) must not hang
     * the whole test run.
     */
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        child.once('exit', () => {
          clearTimeout(killer)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

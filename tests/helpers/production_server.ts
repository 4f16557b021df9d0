import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { buildIfStale } from '../../bin/build_if_stale.js'

/** How a stopped server ended: its exit code (or signal) and the time from SIGTERM to exit. */
export type ServerExit = { code: number | null; signal: NodeJS.Signals | null; ms: number }

/** A server still running this long after SIGTERM is killed (and its test fails). */
const STOP_DEADLINE_MS = 15_000

function accepts(port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * The production build served by a real `node build/bin/server.js`, against
 * the test database, Redis and storage: what a visitor's browser actually receives
 * (hashed, compressed assets), unlike the test server's Vite dev assets.
 */
export async function startProductionServer(
  port: number,
  extraEnv: Record<string, string> = {},
  /**
   * `ready` (default): its start has finished — `/health/ready`, after the providers' ready
   * hooks (the WebSocket server attaches there, after the port listens); `listening`: as soon
   * as the port accepts connections.
   */
  options: { until?: 'ready' | 'listening' } = {}
) {
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
  for (let attempt = 0; attempt < (options.until === 'listening' ? 2000 : 200); attempt++) {
    if (child.exitCode !== null) throw new Error(`production server exited with ${child.exitCode}`)
    if (options.until === 'listening') {
      if (await accepts(port)) break
      await new Promise((resolve) => setTimeout(resolve, 5))
      continue
    }
    try {
      const ready = await fetch(`${url}/health/ready`)
      if (ready.ok) break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  let sentAt = 0
  const exit = new Promise<ServerExit>((resolve) =>
    child.once('exit', (code, signal) =>
      resolve({ code, signal, ms: sentAt ? Date.now() - sentAt : 0 })
    )
  )
  return {
    url,
    /** How the process ended: exit code or signal, and the time from SIGTERM to exit. */
    exit,
    /**
     * SIGTERM, then resolves on exit (at once if it has already exited). A server still
     * running 15 s later is killed and the call throws: a hung shutdown must neither hang
     * the whole test run nor pass unnoticed.
     */
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      sentAt = Date.now()
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS)
      child.kill('SIGTERM')
      const { signal, ms } = await exit
      clearTimeout(killer)
      if (signal === 'SIGKILL') {
        throw new Error(`production server still running ${ms} ms after SIGTERM: killed`)
      }
    },
  }
}

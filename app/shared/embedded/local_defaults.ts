import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Running with no DATABASE_URL means "a developer's machine": give it what a
 * deployment would configure, kept under tmp/ so it survives restarts.
 */
export function applyLocalDefaults(tmpDir: URL) {
  process.env.NODE_ENV ??= 'development'
  // a developer's machine listens to itself only; HOST=0.0.0.0 opens it to the network
  process.env.HOST ??= '127.0.0.1'
  const dir = fileURLToPath(tmpDir)
  mkdirSync(dir, { recursive: true })
  const keyFile = `${dir}/app_key`
  if (!process.env.APP_KEY) {
    if (!existsSync(keyFile))
      writeFileSync(keyFile, randomBytes(32).toString('base64url'), { mode: 0o600 })
    process.env.APP_KEY = readFileSync(keyFile, 'utf8').trim()
  }
}

/** Ace commands without DATABASE_URL talk to the embedded server `npm start` runs. */
export function embeddedDatabaseUrl() {
  return `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/master_guide`
}

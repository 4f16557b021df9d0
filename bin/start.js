/*
| `npm start`: builds when the sources changed since the last build, then
| runs the production server from build/. Local state (embedded PostgreSQL,
| generated APP_KEY, written mails, uploads) stays outside build/, so a
| rebuild keeps it.
*/
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { buildIfStale } from './build_if_stale.js'

const root = fileURLToPath(new URL('../', import.meta.url))
try {
  buildIfStale(root)
} catch (error) {
  console.error(error.message)
  process.exit(1)
}

const child = spawn(process.execPath, [`${root}build/bin/server.js`], {
  cwd: `${root}build`,
  stdio: 'inherit',
  env: {
    NODE_ENV: 'production',
    PORT: '3333',
    // the embedded local run (no DATABASE_URL) answers this machine only, unless HOST says otherwise
    HOST: process.env.DATABASE_URL ? '0.0.0.0' : '127.0.0.1',
    LOCAL_STATE_DIR: `${root}tmp`,
    STORAGE_DIR: `${root}storage`,
    ...process.env,
  },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))

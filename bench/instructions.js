/*
| `npm run bench:instructions`: instructions per answer, counted by valgrind's
| callgrind, for pages of the production build. Unlike req/s and CPU time, the
| count hardly moves when other processes share the machine, so a change can be
| weighed on a busy box (STACK-NOTES.md: the same total twice, once with the
| other core loaded). It is slow: the server runs under valgrind.
|
|   1. the build and database of `npm run bench` (run it once first, or pass
|      --build to build here); Redis database 3 emptied
|   2. `node bin/server.js` under `valgrind --tool=callgrind --instr-atstart=no`
|      (nothing counted while it boots), signed in as the demo user
|   3. per page: a warm-up of --warmup answers (JIT, caches), then counting on
|      (`callgrind_control -i on`), --requests answers, 4 at a time, counting off;
|      the instructions of that window divided by the answers
|
| Options: --only=name,name (login, home-user, dashboard, settings,
| notifications, field, user), --requests=200, --warmup=300, --rounds=3 (each
| page measured again after the others; the least round is reported, every round shown), --build.
| Prints a table and writes bench/instructions.json.
*/
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import {
  DEMO,
  benchDir,
  build,
  children,
  log,
  logIn,
  parseOptions,
  prepareDatabase,
  root,
  seedNotifications,
  send,
  stopAll,
  stopOnSignals,
  waitUntilUp,
} from './common.js'

const options = parseOptions()
const REQUESTS = Number(options.requests ?? 200)
const WARMUP = Number(options.warmup ?? 300)
const ROUNDS = Number(options.rounds ?? 3)
const ONLY = options.only ? new Set(String(options.only).split(',')) : undefined
const buildDir = `${root}tmp/bench/build/`
const outDir = `${root}tmp/bench/callgrind/`
const PORT = Number(process.env.BENCH_PORT ?? 3390) + 5

const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  USER: process.env.USER ?? 'root',
  NODE_ENV: 'production',
  APP_KEY: 'bench-key-not-secret-0123456789abcdef-0123',
  HOST: '127.0.0.1',
  PORT: String(PORT),
  LOG_LEVEL: 'warn',
  DATABASE_URL:
    process.env.BENCH_INSTRUCTIONS_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/master_guide_instructions',
  REDIS_URL: process.env.BENCH_INSTRUCTIONS_REDIS_URL ?? 'redis://127.0.0.1:6379/3',
  LOCAL_STATE_DIR: `${root}tmp/bench/state`,
  STORAGE_DIR: `${root}tmp/bench/state/storage`,
}

const signedIn = (path) => ({ path, signedIn: true })
const SCENARIOS = {
  'login': { path: '/login' },
  'field': { path: '/fields/ceramics' },
  'home-user': signedIn('/'),
  'dashboard': signedIn('/dashboard'),
  'settings': signedIn('/settings/profile'),
  'notifications': signedIn('/notifications'),
}

async function main() {
  stopOnSignals()
  if (options.build) build({ tsconfig: 'bench/tsconfig.build.json', buildDir })
  if (!existsSync(`${buildDir}bin/server.js`))
    throw new Error('no build: run `npm run bench` once or pass --build')
  await prepareDatabase(buildDir, env)
  await seedNotifications(env.DATABASE_URL, DEMO.email, 30)
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })

  log(`starting the production server under callgrind on :${PORT} (slow)`)
  const server = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${outDir}callgrind.out.%p`,
      process.execPath,
      'bin/server.js',
    ],
    { cwd: buildDir, env, stdio: ['ignore', 'ignore', 'inherit'] }
  )
  server.name = 'app server (callgrind)'
  children.add(server)
  server.exited = new Promise((resolve) => server.on('exit', (code) => resolve({ code })))
  await waitUntilUp(PORT, '/health/live', server, 300)

  const { cookie } = await logIn(PORT, DEMO)
  const rows = []
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (ONLY && !ONLY.has(name)) continue
      const headers = scenario.signedIn ? { cookie } : {}
      log(`${name} (${scenario.path}): ${WARMUP} warm-up answers, then ${REQUESTS} counted`)
      await load(scenario.path, headers, WARMUP, name)
      const before = counted(server.pid)
      control(server.pid, '-i', 'on')
      const bytes = await load(scenario.path, headers, REQUESTS, name)
      control(server.pid, '-i', 'off')
      const instructions = counted(server.pid) - before
      const row = rows.find((r) => r.scenario === name) ?? {
        scenario: name,
        path: scenario.path,
        rounds: [],
      }
      if (!row.rounds.length) rows.push(row)
      row.rounds.push(Math.round(instructions / REQUESTS))
      row.instructionsPerAnswer = Math.min(...row.rounds)
      row.bytesPerAnswer = Math.round(bytes / REQUESTS)
    }
  await stopAll()
  printTable(rows)
  writeFileSync(`${benchDir}instructions.json`, JSON.stringify(rows, null, 2) + '\n')
}

/** `count` answers, 4 at a time; every answer must be a 200 (a refusal is not a measurement). */
async function load(path, headers, count, name) {
  let next = 0
  let bytes = 0
  async function worker() {
    while (next < count) {
      next++
      const reply = await send(PORT, 'GET', path, headers)
      if (reply.status !== 200) throw new Error(`${name}: GET ${path} answered ${reply.status}`)
      if (headers.cookie && !reply.text.includes(DEMO.name)) {
        throw new Error(`${name}: GET ${path} did not render for the demo user`)
      }
      bytes += reply.text.length
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return bytes
}

function control(pid, ...args) {
  // vgdb names its pipe after $USER and $HOST: the same environment as the server's
  execFileSync('callgrind_control', [...args, String(pid)], { env, stdio: 'ignore' })
}

/** Instructions counted so far: dump, then sum the totals of every dump file of the process. */
function counted(pid) {
  control(pid, '--dump')
  let total = 0
  for (const file of readdirSync(outDir)) {
    if (!file.startsWith(`callgrind.out.${pid}`)) continue
    const summary = /^totals: (\d+)/m.exec(readFileSync(outDir + file, 'utf8'))
    if (summary) total += Number(summary[1])
  }
  return total
}

/**
 * The least of a page's rounds: the count also holds the garbage collector's and the
 * optimising compiler's threads, which land in one window or another (±40 % seen between
 * rounds), so the least is the page's own work with the least of theirs.
 */
function printTable(rows) {
  const baseline = rows.find((row) => row.scenario === 'login')
  console.log(
    '\nscenario        instructions/answer (least)   × login   bytes/answer   every round'
  )
  for (const row of rows) {
    const ratio = baseline
      ? (row.instructionsPerAnswer / baseline.instructionsPerAnswer).toFixed(2)
      : '–'
    const rounds = row.rounds.map((n) => (n / 1e6).toFixed(2) + 'M').join(' ')
    console.log(
      `${row.scenario.padEnd(15)} ${row.instructionsPerAnswer.toLocaleString('en').padStart(27)}   ${ratio.padStart(7)}   ${String(row.bytesPerAnswer).padStart(12)}   ${rounds}`
    )
  }
}

main().catch(async (error) => {
  console.error(error)
  await stopAll()
  process.exit(1)
})

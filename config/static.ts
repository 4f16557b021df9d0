import { defineConfig } from '@adonisjs/static'

/**
 * Only hashed build output and a few root files are public. Hashed files
 * never change, so browsers may keep them for a year without asking again.
 */
const staticServerConfig = defineConfig({
  enabled: true,
  etag: true,
  lastModified: false,
  dotFiles: 'ignore',
  headers: (path) =>
    path.includes('/assets/')
      ? { 'Cache-Control': 'public, max-age=31536000, immutable' }
      : { 'Cache-Control': 'public, max-age=86400' },
})

export default staticServerConfig

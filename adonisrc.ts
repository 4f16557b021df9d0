import { defineConfig } from '@adonisjs/core/app'

export default defineConfig({
  experimental: {},

  commands: [
    () => import('@adonisjs/core/commands'),
    () => import('@adonisjs/lucid/commands'),
    () => import('@adonisjs/session/commands'),
    () => import('@adonisjs/mail/commands'),
    () => import('@adonisjs/bouncer/commands'),
  ],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    { file: () => import('@adonisjs/core/providers/repl_provider'), environment: ['repl', 'test'] },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/core/providers/edge_provider'),
    // before redis: providers shut down in reverse order, and the cache's L2 disconnects the
    // shared Redis connection, which redis' own shutdown would then wait on forever
    () => import('@adonisjs/cache/cache_provider'),
    () => import('@adonisjs/redis/redis_provider'),
    () => import('@adonisjs/session/session_provider'),
    // before shield, so the CSP keyword @viteUrl is registered when shield reads its config
    () => import('@adonisjs/vite/vite_provider'),
    () => import('@adonisjs/shield/shield_provider'),
    () => import('@adonisjs/static/static_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/auth/auth_provider'),
    () => import('@adonisjs/i18n/i18n_provider'),
    () => import('@adonisjs/mail/mail_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('@adonisjs/bouncer/bouncer_provider'),
    () => import('@adonisjs/drive/drive_provider'),
    () => import('@adonisjs/transmit/transmit_provider'),
    () => import('#providers/app_provider'),
    () => import('#providers/jobs_provider'),
    () => import('#providers/identity_provider'),
    () => import('#providers/realtime_provider'),
    () => import('#providers/chat_provider'),
    () => import('#providers/payments_provider'),
    () => import('#providers/courses_provider'),
  ],

  preloads: [
    () => import('#start/routes'),
    () => import('#start/kernel'),
    () => import('#start/events'),
    () => import('#start/transmit'),
    { file: () => import('#start/view'), environment: ['web', 'test', 'repl', 'console'] },
  ],

  directories: {
    languageFiles: 'resources/lang',
  },

  tests: {
    suites: [
      { name: 'unit', files: ['tests/**/unit/**/*.spec.ts'], timeout: 5000 },
      { name: 'functional', files: ['tests/**/functional/**/*.spec.ts'], timeout: 30000 },
      { name: 'browser', files: ['tests/**/browser/**/*.spec.ts'], timeout: 120000 },
    ],
    forceExit: true,
  },

  metaFiles: [
    { pattern: 'resources/views/**/*.edge', reloadServer: false },
    { pattern: 'resources/lang/**/*.json', reloadServer: false },
    { pattern: 'public/**', reloadServer: false },
    // applied by the postinstall of `npm ci` in build/ (patch-package)
    { pattern: 'patches/**', reloadServer: false },
  ],

  hooks: {
    buildStarting: [() => import('@adonisjs/vite/build_hook')],
  },
})

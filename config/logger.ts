import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * JSON lines in production (one object per line, with request_id on every
 * line logged through ctx.logger); pretty output while developing.
 */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: env.get('APP_NAME', 'master-guide'),
      level: env.get('LOG_LEVEL', app.inTest ? 'warn' : 'info'),
      transport: app.inProduction ? undefined : { targets: [targets.pretty()] },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}

/*
| Every setting comes from the environment and is validated here; a bad value
| stops the boot with a message naming the variable. `.env.example` documents
| each one.
*/
import { Env } from '@adonisjs/core/env'

function urlOf(protocols: string[]) {
  return (key: string, value?: string): string => {
    if (!value) throw new Error(`Missing environment variable "${key}"`)
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw new Error(`"${key}" must be a URL like ${protocols[0]}//host:port/...`)
    }
    if (!protocols.includes(url.protocol)) {
      throw new Error(`"${key}" must start with ${protocols.join(' or ')}//`)
    }
    return value
  }
}

function optionalUrlOf(protocols: string[]) {
  return (key: string, value?: string) => (value ? urlOf(protocols)(key, value) : undefined)
}

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  HOST: Env.schema.string.optional({ format: 'host' }),
  PORT: Env.schema.number.optional(),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  APP_NAME: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  /* PostgreSQL: unset → the embedded server under tmp/ (local use only) */
  DATABASE_URL: urlOf(['postgres:', 'postgresql:']),
  DATABASE_EMBEDDED: Env.schema.boolean.optional(),
  DATABASE_POOL_MAX: Env.schema.number.optional(),
  EMBEDDED_PG_PORT: Env.schema.number.optional(),

  /* Redis: unset → in-memory sessions, cache and rate limits (one instance only) */
  REDIS_URL: optionalUrlOf(['redis:', 'rediss:']),
  /* Entries the in-process cache (L1) keeps at most, least recently used dropped first */
  CACHE_MAX_ITEMS: Env.schema.number.optional(),

  /* Mail: unset SMTP_HOST → mails are written to tmp/mails (see /dev/mails in development) */
  MAIL_FROM: Env.schema.string.optional(),
  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),

  /* Background jobs (pg-boss, in the app's database): JOBS=off works none in this process (it still enqueues) */
  JOBS: Env.schema.enum.optional(['on', 'off'] as const),
  /* Open SSE streams, and open WebSockets, one user may hold on one instance (default 20 each) */
  REALTIME_MAX_PER_USER: Env.schema.number.optional(),
  /* Chat messages one user may send a minute, on every instance together (default 30) */
  CHAT_SEND_PER_MINUTE: Env.schema.number.optional(),
  /* Minutes an email notification waits unread and unseen before it goes into a digest */
  NOTIFICATION_DIGEST_DELAY_MINUTES: Env.schema.number.optional(),

  /* Days a rejected certification applicant waits before applying again for the field (default 0) */
  CERTIFICATION_REAPPLY_DAYS: Env.schema.number.optional(),

  /* Local state (embedded database, generated key, written mails): default ./tmp */
  LOCAL_STATE_DIR: Env.schema.string.optional(),
  /* Uploaded files on the fs disk: default ./storage */
  STORAGE_DIR: Env.schema.string.optional(),

  /* S3-compatible storage for uploads (evidence, avatars …); unset S3_BUCKET → the local fs disk */
  S3_BUCKET: Env.schema.string.optional(),
  DRIVE_DISK: Env.schema.enum.optional(['fs', 's3'] as const),
  S3_REGION: Env.schema.string.optional(),
  S3_ENDPOINT: optionalUrlOf(['http:', 'https:']),
  S3_FORCE_PATH_STYLE: Env.schema.boolean.optional(),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.string.optional(),

  /* Payments: the platform's fee in percent (default 20), days before earnings can be paid out (7),
     the smallest payout in fen (10000), minutes an unpaid order stays open (30) */
  PAYMENTS_FEE_PERCENT: Env.schema.number.optional(),
  PAYMENTS_CLEARING_DAYS: Env.schema.number.optional(),
  PAYMENTS_PAYOUT_MINIMUM: Env.schema.number.optional(),
  PAYMENTS_ORDER_MINUTES: Env.schema.number.optional(),
  /* The sandbox provider (our own hosted page): on unless NODE_ENV=production on an external database; its webhook secret */
  PAYMENTS_SANDBOX: Env.schema.boolean.optional(),
  PAYMENTS_SANDBOX_SECRET: Env.schema.string.optional(),
  /* Alipay: shown at checkout when the app id and both keys are set (PEM or base64 body) */
  ALIPAY_APP_ID: Env.schema.string.optional(),
  ALIPAY_PRIVATE_KEY: Env.schema.string.optional(),
  ALIPAY_PUBLIC_KEY: Env.schema.string.optional(),
  ALIPAY_GATEWAY: optionalUrlOf(['http:', 'https:']),
  /* Stripe: shown at checkout when the secret key and the webhook signing secret are set */
  STRIPE_SECRET_KEY: Env.schema.string.optional(),
  STRIPE_WEBHOOK_SECRET: Env.schema.string.optional(),
  STRIPE_API_BASE: optionalUrlOf(['http:', 'https:']),

  /* Proxies whose X-Forwarded-* headers are trusted (comma-separated IPs/CIDRs, or "loopback") */
  TRUSTED_PROXIES: Env.schema.string.optional(),
})

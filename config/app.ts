import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import proxyAddr from 'proxy-addr'

const listenHost = env.get('HOST', 'localhost')
const publicHost = ['0.0.0.0', '::'].includes(listenHost) ? 'localhost' : listenHost
export const appUrl = env.get('APP_URL') ?? `http://${publicHost}:${env.get('PORT', 3333)}`

/** True on a developer's machine: no external database was configured. */
export const isLocal = env.get('DATABASE_EMBEDDED', false) || app.inDev

const trusted = env.get('TRUSTED_PROXIES')

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  trustProxy: trusted ? proxyAddr.compile(trusted.split(',').map((s) => s.trim())) : () => false,
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})

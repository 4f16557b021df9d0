import limiter from '@adonisjs/limiter/services/main'

/** Route throttle keyed by client IP. */
function throttleByIp(name: string, requests: number, every: string) {
  return limiter.define(`${name}_ip`, (ctx) =>
    limiter.allowRequests(requests).every(every).usingKey(`${name}_${ctx.request.ip()}`)
  )
}

export const signupThrottle = throttleByIp('signup', 10, '1 hour')
export const resetThrottle = throttleByIp('reset', 5, '15 minutes')
export const resetTokenThrottle = throttleByIp('reset_token', 10, '15 minutes')
export const verifyThrottle = throttleByIp('verify', 3, '10 minutes')

/** Failed logins: 5 a minute per address and IP; a success clears the count. */
export const loginLimiter = () =>
  limiter.use({ requests: 5, duration: '1 minute', blockDuration: '1 minute' })

/**
 * The JSON API: 60 requests a minute per token; requests without a valid
 * token share the allowance of their IP (which also slows down guessing).
 * Checking the token here authenticates the request once for the `api` guard.
 */
export const apiThrottle = limiter.define('api', async (ctx) => {
  const guard = ctx.auth.use('api')
  const key = (await guard.check())
    ? `api_token_${guard.user!.currentAccessToken.identifier}`
    : `api_ip_${ctx.request.ip()}`
  return limiter.allowRequests(60).every('1 minute').usingKey(key)
})

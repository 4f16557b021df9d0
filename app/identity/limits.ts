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

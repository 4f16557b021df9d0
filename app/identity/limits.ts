import limiter from '@adonisjs/limiter/services/main'
import { errors } from '@adonisjs/limiter'
import type { LimiterResponse } from '@adonisjs/limiter'

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

/**
 * Failed logins are counted three ways (each attempt is counted before its
 * password is checked, and a success gives its count back); any one over its limit refuses the
 * next attempt (the right password too) with 429 and Retry-After:
 * - one address from one IP: 5 a minute (a typo streak; a success clears it);
 * - one IP, whatever the addresses: 20 in 15 minutes (password spraying);
 * - one address, whatever the IPs: 10 in 15 minutes (a distributed guess),
 *   then the account is locked for 15 minutes and its owner is mailed once.
 * Unknown addresses are counted like known ones, so a lockout tells nothing.
 */
export const LOGIN_LIMITS = {
  pair: { requests: 5, duration: '1 minute', blockDuration: '1 minute' },
  ip: { requests: 20, duration: '15 minutes', blockDuration: '15 minutes' },
  account: { requests: 10, duration: '15 minutes', blockDuration: '15 minutes' },
} as const

type LoginCount = keyof typeof LOGIN_LIMITS

function loginKeys(email: string, ip: string): Record<LoginCount, string> {
  const address = email.toLowerCase()
  return {
    pair: `login_${address}_${ip}`,
    ip: `login_ip_${ip}`,
    account: `login_account_${address}`,
  }
}

const loginLimiter = (count: LoginCount) => limiter.use(LOGIN_LIMITS[count])

export const loginThrottle = {
  /** Throws the 429 (ThrottleException, with its Retry-After) of the first exhausted count. */
  async check(email: string, ip: string) {
    const keys = loginKeys(email, ip)
    for (const count of Object.keys(keys) as LoginCount[]) {
      const response = await loginLimiter(count).get(keys[count])
      if (response && response.remaining <= 0) throw new errors.E_TOO_MANY_REQUESTS(response)
    }
  },

  /**
   * Counts an attempt everywhere before its password is checked, so that a
   * burst of parallel attempts cannot all pass `check` before any failure is
   * counted: the attempts beyond a limit are refused with its 429. Returns the
   * counts reached, for `failed` and `succeeded`.
   */
  async counted(email: string, ip: string) {
    const keys = loginKeys(email, ip)
    const reached = {} as Record<LoginCount, number>
    let exhausted: LimiterResponse | undefined
    for (const count of Object.keys(keys) as LoginCount[]) {
      const response = await loginLimiter(count).increment(keys[count])
      reached[count] = response.consumed
      if (response.consumed > response.limit) exhausted ??= response
    }
    if (exhausted) throw new errors.E_TOO_MANY_REQUESTS(exhausted)
    return reached
  },

  /** A counted attempt failed; true when it is the one that locked the account. */
  async failed(email: string, ip: string, reached: Record<LoginCount, number>) {
    const keys = loginKeys(email, ip)
    let accountLocked = false
    for (const count of Object.keys(keys) as LoginCount[]) {
      // the increment is atomic: exactly one attempt reaches the limit, and locks if it failed
      if (reached[count] === LOGIN_LIMITS[count].requests) {
        await loginLimiter(count).block(keys[count], LOGIN_LIMITS[count].blockDuration)
        if (count === 'account') accountLocked = true
      }
    }
    return accountLocked
  },

  /** The owner got in from here: this address and IP start afresh; a success counts nowhere. */
  async succeeded(email: string, ip: string) {
    const keys = loginKeys(email, ip)
    await loginLimiter('pair').delete(keys.pair)
    await loginLimiter('ip').decrement(keys.ip)
    await loginLimiter('account').decrement(keys.account)
  },

  /** A password reset proves the owner: the account's lock ends. */
  async unlockAccount(email: string) {
    await loginLimiter('account').delete(loginKeys(email, '').account)
  },
}

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

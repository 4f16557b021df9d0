/** `rate` tokens a second up to `burst`; each message takes one. */
export class TokenBucket {
  #tokens: number
  #last: number

  constructor(
    private rate: number,
    private burst: number,
    private now: () => number = () => performance.now()
  ) {
    this.#tokens = burst
    this.#last = now()
  }

  take(): boolean {
    const now = this.now()
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.rate)
    this.#last = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}

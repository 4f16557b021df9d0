import env from '#start/env'

/**
 * How many settlements (a payment or refund recorded) run at once in this
 * process. Each holds a pooled connection while it waits for the order's row
 * lock, and the one holding the lock needs a second connection for what it
 * reads outside the transaction (a seller's card, the buyer's address): ten
 * deliveries of one webhook at once on a pool of ten would leave it none.
 * Half the pool keeps room for the holder and for the pages.
 */
const LIMIT = Math.max(1, Math.floor(env.get('DATABASE_POOL_MAX', 10) / 2))

let running = 0
const waiting: (() => void)[] = []

export async function throughSettlementGate<T>(work: () => Promise<T>): Promise<T> {
  // a slot is taken here, or handed over by the one leaving it (never counted twice)
  if (running < LIMIT) running++
  else await new Promise<void>((resolve) => waiting.push(resolve))
  try {
    return await work()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

/*
| Alipay speaks yuan as decimal strings ("299.00"); we keep fen as integers.
| Both ways go through digits only, never a float, so 0.1 + 0.2 never
| becomes a price.
*/

/** 29900 → "299.00", 1 → "0.01", -5 → "-0.05" */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`)
  const sign = fen < 0 ? '-' : ''
  const digits = String(Math.abs(fen)).padStart(3, '0')
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

const YUAN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/

/** "299.00" → 29900, "0.5" → 50, "12" → 1200; anything else (more decimals, exponents, blanks) throws */
export function yuanToFen(yuan: string): number {
  const match = YUAN.exec(yuan.trim())
  if (!match) throw new RangeError(`not an amount in yuan: "${yuan}"`)
  const [, sign, whole, decimals = ''] = match
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount too large: "${yuan}"`)
  return sign === '-' && fen !== 0 ? -fen : fen
}

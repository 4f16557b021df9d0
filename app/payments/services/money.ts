const formats = new Map<string, Intl.NumberFormat>()

/** Minor units as people read them: "¥1,234.50" (a negative amount keeps its sign). */
export function formatMoney(fen: number, locale: string, currency = 'CNY') {
  const key = `${locale === 'en' ? 'en' : 'zh-CN'}:${currency}`
  let format = formats.get(key)
  if (!format) {
    // made once per language and currency: an Intl.NumberFormat costs more to build than to use
    format = new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', {
      style: 'currency',
      currency,
    })
    formats.set(key, format)
  }
  return format.format(fen / 100)
}

/** Fen as a plain decimal for files ("1234.50", "-3.07"): exact, no float on the way. */
export function plainYuan(fen: number) {
  const sign = fen < 0 ? '-' : ''
  const whole = Math.abs(fen)
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`
}

/** What a yuan amount field accepts: whole yuan, or with one or two decimals. */
export const YUAN_PATTERN = /^\d{1,9}(\.\d{1,2})?$/

/**
 * "100", "100.5", "100.05" → fen, read from the digits (0.1 + 0.2 never
 * happens); null for anything else.
 */
export function parseYuan(text: string): number | null {
  const trimmed = text.trim()
  if (!YUAN_PATTERN.test(trimmed)) return null
  const [whole, decimals = ''] = trimmed.split('.')
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
}

/**
 * A provider's amount in yuan ("299.00", "0.5", "12") → fen, exactly; what is
 * not such an amount (three decimals, an exponent, a sign, blanks) throws, so
 * a malformed amount from outside is never rounded into a payment.
 */
export function parseYuanStrict(text: string): number {
  const fen = parseYuan(text)
  if (fen === null) throw new RangeError(`not an amount in yuan: "${text}"`)
  return fen
}

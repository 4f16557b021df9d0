const formats = new Map<string, Intl.NumberFormat>()

/** An amount in minor units as people read it: "¥299.00", "CN¥299.00" in English. */
export function formatMoney(amount: number, currency = 'CNY', locale = 'zh-CN') {
  const key = `${locale === 'en' ? 'en' : 'zh-CN'}:${currency}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale === 'en' ? 'en' : 'zh-CN', {
      style: 'currency',
      currency,
    })
    formats.set(key, format)
  }
  return format.format(amount / 100)
}

/**
 * A yuan amount typed by a person ("299", "299.5", "299.50") in fen, exactly
 * (no floating point on the way); null when it is not one.
 */
export function parseYuan(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

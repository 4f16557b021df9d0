/** Between a number and its unit: they never break across lines. */
const NBSP = '\u00a0'

/** A length of time as a learner reads it: "1 小时 5 分", "12 min", "45 s" (no break inside). */
export function formatDuration(seconds: number, locale: string) {
  const total = Math.max(0, Math.round(seconds))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const zh = locale !== 'en'
  const text = hours
    ? zh
      ? `${hours} 小时 ${minutes} 分`
      : `${hours} h ${minutes} min`
    : minutes
      ? zh
        ? `${minutes} 分钟`
        : `${minutes} min`
      : zh
        ? `${total} 秒`
        : `${total} s`
  return text.replaceAll(' ', NBSP)
}

/** Made once per language: building an Intl.NumberFormat costs more than a page's other work on a price. */
const yuan = {
  'en': new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY' }),
  'zh-CN': new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }),
}

/** A course's price: free, or the amount in yuan from fen. */
export function formatCoursePrice(priceFen: number, locale: string) {
  if (priceFen === 0) return locale === 'en' ? 'Free' : '免费'
  return yuan[locale === 'en' ? 'en' : 'zh-CN'].format(priceFen / 100)
}

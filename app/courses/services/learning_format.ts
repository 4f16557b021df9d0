const formats = new Map<string, Intl.DateTimeFormat>()

/** A calendar day as a certificate states it: "2026年11月30日", "November 30, 2026". */
export function formatLearningDate(value: Date | string, locale: string, zone = 'Asia/Shanghai') {
  const key = `${locale}|${zone}`
  let format = formats.get(key)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', {
        dateStyle: 'long',
        timeZone: zone,
      })
    } catch {
      format = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'Asia/Shanghai' })
    }
    if (formats.size >= 200) formats.clear()
    formats.set(key, format)
  }
  return format.format(typeof value === 'string' ? new Date(value) : value)
}

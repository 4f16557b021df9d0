import { DateTime } from 'luxon'

const DEFAULT_ZONE = 'Asia/Shanghai'

/**
 * One Intl formatter per language and time zone, kept: formatting through a
 * Luxon DateTime cost ~20 µs a date, a list of 20 dates ~0.4 ms a page.
 * Luxon's DATETIME_MED options, so the same text.
 */
const formats = new Map<string, Intl.DateTimeFormat>()

type Shape = 'datetime' | 'time' | 'day'
const SHAPES: Record<Shape, Intl.DateTimeFormatOptions> = {
  datetime: DateTime.DATETIME_MED,
  time: DateTime.TIME_SIMPLE,
  // the calendar day, comparable as a string
  day: { year: 'numeric', month: '2-digit', day: '2-digit' },
}

function formatOf(locale: string, zone: string, shape: Shape = 'datetime') {
  const key = `${locale}|${zone}|${shape}`
  let format = formats.get(key)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { ...SHAPES[shape], timeZone: zone })
    } catch {
      // an unknown zone (or a malformed language tag): the defaults
      format = new Intl.DateTimeFormat('zh-CN', { ...SHAPES[shape], timeZone: DEFAULT_ZONE })
    }
    if (formats.size >= 500) formats.clear()
    formats.set(key, format)
  }
  return format
}

/** A date and time as pages show it ("2026年11月30日 15:33", "Nov 30, 2026, 8:33 AM"). */
export function formatDateTime(value: number | Date | string, locale: string, zone?: string) {
  const date = typeof value === 'number' || value instanceof Date ? value : new Date(value)
  return formatOf(locale, zone || DEFAULT_ZONE).format(date)
}

/**
 * A moment of a conversation or a feed: the time alone when it is today in
 * the reader's zone ("15:33", "3:33 PM"), else the date and time.
 */
export function formatMoment(
  value: number | Date | string,
  locale: string,
  zone?: string,
  now: number | Date = Date.now()
) {
  const date = typeof value === 'number' || value instanceof Date ? value : new Date(value)
  const days = formatOf('en', zone || DEFAULT_ZONE, 'day')
  const today = days.format(date) === days.format(now)
  return formatOf(locale, zone || DEFAULT_ZONE, today ? 'time' : 'datetime').format(date)
}

import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { formatDateTime, formatMoment } from '#shared/i18n/date_time'

test.group('formatDateTime', () => {
  test('reads as Luxon DATETIME_MED in the language and time zone given', ({ assert }) => {
    const when = new Date('2026-03-08T01:30:00Z')
    for (const [locale, zone] of [
      ['zh-CN', 'Asia/Shanghai'],
      ['en', 'Europe/Paris'],
      ['en', 'America/New_York'],
      ['zh-CN', 'UTC'],
      ['en', 'Asia/Kolkata'],
    ]) {
      const luxon = DateTime.fromJSDate(when)
        .setZone(zone)
        .setLocale(locale)
        .toLocaleString(DateTime.DATETIME_MED)
      assert.equal(formatDateTime(when, locale, zone), luxon, `${locale} ${zone}`)
    }
    assert.equal(formatDateTime(when.getTime(), 'en', 'UTC'), 'Mar 8, 2026, 1:30 AM')
    assert.equal(formatDateTime(when.toISOString(), 'en', 'UTC'), 'Mar 8, 2026, 1:30 AM')
  })

  test('no zone, or an unknown one: Beijing time', ({ assert }) => {
    const when = new Date('2026-03-08T01:30:00Z')
    assert.equal(formatDateTime(when, 'zh-CN'), '2026年3月8日 09:30')
    assert.equal(formatDateTime(when, 'zh-CN', 'Mars/Olympus_Mons'), '2026年3月8日 09:30')
  })
})

test.group('formatMoment', () => {
  test('today in the reader’s zone: the time alone; another day there: date and time', ({
    assert,
  }) => {
    const now = new Date('2026-03-01T17:00:00Z') // Mar 2, 01:00 in Shanghai; Mar 1 in New York
    const earlier = new Date('2026-03-01T15:00:00Z') // Mar 1, 23:00 in Shanghai; 10:00 in New York
    assert.equal(formatMoment(earlier, 'en', 'America/New_York', now), '10:00 AM')
    assert.equal(formatMoment(earlier, 'zh-CN', 'Asia/Shanghai', now), '2026年3月1日 23:00')
    assert.equal(formatMoment(now, 'zh-CN', 'Asia/Shanghai', now), '01:00')
    assert.equal(formatMoment(earlier.toISOString(), 'en', 'UTC', now), '3:00 PM')
    // no zone: Beijing time
    assert.equal(formatMoment(now, 'en', undefined, now), '1:00 AM')
  })
})

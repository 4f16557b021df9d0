import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { formatDateTime } from '#shared/i18n/date_time'

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

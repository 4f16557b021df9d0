import type { I18n } from '@adonisjs/i18n'
import { safeBackPath } from '#shared/http/safe_back_path'
import { notificationKinds } from '#realtime/services/notification_kinds'
import type { NotificationPayload, NotificationRecord } from '#realtime/services/notification_reads'

export type NotificationView = NotificationRecord & {
  text: string
  /** A path on this site to open, or null (anything else in the payload is never a link). */
  url: string | null
  unread: boolean
}

function stringOf(value: unknown) {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/**
 * A value in the reader's language: `<name>NameZh` / `<name>NameEn` in the
 * payload (the other one if that is missing), else the plain `<name>`
 * (e.g. `field` reads `fieldNameZh` / `fieldNameEn`). Missing → empty, so a
 * message never fails.
 */
function valueOf(payload: NotificationPayload, name: string, locale: string) {
  const zh = stringOf(payload[`${name}NameZh`])
  const en = stringOf(payload[`${name}NameEn`])
  if (zh || en) return locale.startsWith('zh') ? zh || en : en || zh
  return stringOf(payload[name])
}

/** The payload's `url`, only if it is a path on this site (not `//host`, `/\host`, `javascript:`…). */
export function notificationUrl(payload: NotificationPayload): string | null {
  const url = payload.url
  return typeof url === 'string' && safeBackPath(url, '') === url ? url : null
}

/** The sentence shown for a notification, in the reader's language (its kind's registered text). */
export function notificationText(i18n: I18n, kind: string, payload: NotificationPayload) {
  const { textKey, values: names = [] } = notificationKinds.textOf(kind)
  const values: Record<string, string> = {}
  for (const name of names) values[name] = valueOf(payload, name, i18n.locale)
  return i18n.t(textKey, values)
}

/** What the list page shows for each notification. */
export function presentNotification(i18n: I18n, record: NotificationRecord): NotificationView {
  return {
    ...record,
    text: notificationText(i18n, record.kind, record.payload),
    url: notificationUrl(record.payload),
    unread: record.readAt === null,
  }
}

import type { I18n } from '@adonisjs/i18n'
import { safeBackPath } from '#shared/http/safe_back_path'
import type {
  NotificationPayload,
  NotificationRecord,
} from '#realtime/services/notification_service'

/**
 * How each kind of notification reads: kind → message in
 * resources/lang/<locale>/notifications.json, and the payload values the
 * message interpolates (missing ones become empty, so a message never fails).
 * `field` is the field name in the reader's language, from
 * `fieldNameZh` / `fieldNameEn`. A kind not listed here reads as the generic
 * message.
 */
const KINDS: Record<string, { key: string; values: string[] }> = {
  'certification.submitted': {
    key: 'notifications.kinds.certification_submitted',
    values: ['field', 'applicant'],
  },
  'certification.approved': {
    key: 'notifications.kinds.certification_approved',
    values: ['field'],
  },
  'certification.rejected': {
    key: 'notifications.kinds.certification_rejected',
    values: ['field', 'reason'],
  },
  'certification.more_info_requested': {
    key: 'notifications.kinds.certification_more_info_requested',
    values: ['field', 'message'],
  },
}

const GENERIC = { key: 'notifications.kinds.generic', values: [] as string[] }

export type NotificationView = NotificationRecord & {
  text: string
  /** A path on this site to open, or null (anything else in the payload is never a link). */
  url: string | null
  unread: boolean
}

function stringOf(value: unknown) {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/** The field's name in the reader's language (the other one if that is missing). */
function fieldName(payload: NotificationPayload, locale: string) {
  const zh = stringOf(payload.fieldNameZh)
  const en = stringOf(payload.fieldNameEn)
  return locale.startsWith('zh') ? zh || en : en || zh
}

/** The payload's `url`, only if it is a path on this site (not `//host`, `/\host`, `javascript:`…). */
export function notificationUrl(payload: NotificationPayload): string | null {
  const url = payload.url
  return typeof url === 'string' && safeBackPath(url, '') === url ? url : null
}

/** The sentence shown for a notification, in the reader's language. */
export function notificationText(i18n: I18n, kind: string, payload: NotificationPayload) {
  const spec = KINDS[kind] ?? GENERIC
  const values: Record<string, string> = {}
  for (const name of spec.values) {
    values[name] = name === 'field' ? fieldName(payload, i18n.locale) : stringOf(payload[name])
  }
  return i18n.t(spec.key, values)
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

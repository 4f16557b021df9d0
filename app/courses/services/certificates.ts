import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { fieldCatalogue, identityDirectory, userDirectory } from '#identity/index'
import { notificationService } from '#realtime/index'
import { notFound } from '#shared/errors/not_found'
import { certificatePath, verificationUrl } from '#courses/services/learning_links'

/** What a certificate shows, on the learner's page and the public verification page. */
export type Certificate = {
  enrollmentId: number
  code: string
  apprenticeName: string
  courseId: number
  courseTitle: string
  masterName: string
  masterUserId: number | null
  field: { nameZh: string; nameEn: string } | null
  completedAt: Date
  /** The learner's time zone: the completion date reads as their calendar day. */
  timeZone: string
  revokedAt: Date | null
  verificationUrl: string
}

/** A certificate's code as issued (progress_service.ts): 20 URL-safe characters. */
const CODE = /^[\w-]{20}$/

/**
 * Certificates of completion (结业证书): issued by progressService when the
 * last lesson is done (a code on the enrollment), shown to their learner to
 * print, verified by anyone holding the code, revoked when the enrollment is
 * refunded.
 */
export const certificates = {
  /**
   * The public verification: the certificate with this code, revoked or not.
   * An unknown code and a malformed one are the same 404 (nothing to learn
   * from the answer).
   */
  async verify(code: string): Promise<Certificate> {
    if (!CODE.test(code)) notFound()
    const row = await certificateRows().where('e.certificate_code', code).first()
    return row ? present(row) : notFound()
  },

  /** The learner's own certificate (any of their apprentice identities), or 404. */
  async ofLearner(userId: number, enrollmentId: number): Promise<Certificate> {
    const apprentices = await identityDirectory.apprenticesOf(userId)
    const row = await certificateRows()
      .where('e.id', enrollmentId)
      .whereIn(
        'e.apprentice_identity_id',
        apprentices.map((identity) => identity.id)
      )
      .first()
    return row ? present(row) : notFound()
  },

  /**
   * The enrollment is refunded (payments, on a refund): it ends, and its
   * certificate, if one was issued, is revoked. Idempotent; pass the
   * refund's transaction so both happen or neither does.
   */
  async revoke(enrollmentId: number, trx?: TransactionClientContract) {
    const now = new Date()
    const updated = await (trx ?? db).rawQuery(
      `UPDATE enrollments SET
         status = 'refunded',
         certificate_revoked_at = CASE WHEN certificate_code IS NULL THEN NULL
                                       ELSE COALESCE(certificate_revoked_at, ?::timestamptz) END,
         updated_at = ?
       WHERE id = ? RETURNING certificate_revoked_at`,
      [now, now, enrollmentId]
    )
    if (!updated.rows.length) notFound()
    return { revoked: updated.rows[0].certificate_revoked_at !== null }
  },

  /**
   * The course was just completed (progressService.complete, once per
   * enrollment): the learner is told their certificate is ready, in the
   * completion's transaction.
   */
  async announce(enrollmentId: number, trx: TransactionClientContract) {
    const row = await trx
      .from('enrollments as e')
      .join('courses as c', 'c.id', 'e.course_id')
      .where('e.id', enrollmentId)
      .select('e.apprentice_identity_id', 'c.title')
      .firstOrFail()
    const apprentice = await identityDirectory.card(row.apprentice_identity_id)
    if (!apprentice) return
    await notificationService.notify(
      apprentice.userId,
      'courses.completed',
      { course: row.title, url: certificatePath(enrollmentId) },
      trx
    )
  },
}

function certificateRows() {
  return db
    .from('enrollments as e')
    .join('courses as c', 'c.id', 'e.course_id')
    .whereNotNull('e.certificate_code')
    .whereNotNull('e.completed_at')
    .select(
      'e.id',
      'e.certificate_code',
      'e.completed_at',
      'e.certificate_revoked_at',
      'e.apprentice_identity_id',
      'c.id as course_id',
      'c.title',
      'c.master_identity_id',
      'c.field_id'
    )
}

async function present(row: any): Promise<Certificate> {
  const [cards, fields] = await Promise.all([
    identityDirectory.cards([row.apprentice_identity_id, row.master_identity_id]),
    fieldCatalogue.byId(),
  ])
  const apprentice = cards.get(row.apprentice_identity_id)
  const master = cards.get(row.master_identity_id)
  const learner = apprentice ? await userDirectory.card(apprentice.userId) : null
  const field = fields.get(row.field_id)
  return {
    enrollmentId: row.id,
    code: row.certificate_code,
    apprenticeName: apprentice?.displayName ?? '',
    courseId: row.course_id,
    courseTitle: row.title,
    masterName: master?.displayName ?? '',
    masterUserId: master?.userId ?? null,
    field: field ? { nameZh: field.nameZh, nameEn: field.nameEn } : null,
    completedAt: row.completed_at,
    timeZone: learner?.timeZone ?? 'Asia/Shanghai',
    revokedAt: row.certificate_revoked_at,
    verificationUrl: verificationUrl(row.certificate_code),
  }
}

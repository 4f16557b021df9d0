import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { Exception } from '@adonisjs/core/exceptions'
import type Field from '#identity/models/field'
import Identity from '#identity/models/identity'
import CertificationApplication from '#identity/models/certification_application'
import CertificationEvidence from '#identity/models/certification_evidence'
import CertificationEvent from '#identity/models/certification_event'
import { evidenceStore, type CheckedFile } from '#identity/services/evidence_store'
import User from '#identity/models/user'
import { identityRowChanged } from '#identity/services/identity_changes'
import { notificationService } from '#realtime/index'

export type ApplicationData = {
  statement: string
  yearsOfPractice: number
  lineage?: string | null
  links?: string[]
}

export type Decision = 'approve' | 'reject' | 'request_info'

/** One master identity per field: a second application for it is refused. */
export class AlreadyAppliedError extends Exception {
  static status = 409
  static code = 'E_ALREADY_APPLIED'
}

/** The application was decided (or changed) meanwhile: nothing was done. */
export class ApplicationChangedError extends Exception {
  static status = 409
  static code = 'E_APPLICATION_CHANGED'
}

type Outcome = {
  status: CertificationApplication['status']
  identity: Identity['status']
  action: CertificationEvent['action']
  notification: string
  // the note goes to the applicant as the reason (declined) or the message (ask for more)
  noteAs: 'reason' | 'message' | null
}

const DECIDED: Record<Decision, Outcome> = {
  approve: {
    status: 'approved',
    identity: 'certified',
    action: 'approved',
    notification: 'certification.approved',
    noteAs: null,
  },
  reject: {
    status: 'rejected',
    identity: 'rejected',
    action: 'rejected',
    notification: 'certification.rejected',
    noteAs: 'reason',
  },
  request_info: {
    status: 'more_info_requested',
    identity: 'more_info_requested',
    action: 'more_info_requested',
    notification: 'certification.more_info_requested',
    noteAs: 'message',
  },
}

const fieldNames = (field: Field) => ({ fieldNameZh: field.nameZh, fieldNameEn: field.nameEn })

/** Files are written before the transaction; if it fails they are removed again. */
async function withStoredFiles<T>(files: CheckedFile[], work: (keys: string[]) => Promise<T>) {
  const keys: string[] = []
  try {
    for (const file of files) keys.push(await evidenceStore.save(file))
    return await work(keys)
  } catch (error) {
    await evidenceStore.remove(keys)
    throw error
  }
}

function recordEvidence(
  applicationId: number,
  files: CheckedFile[],
  keys: string[],
  trx: TransactionClientContract
) {
  return CertificationEvidence.createMany(
    files.map((file, index) => ({
      applicationId,
      diskKey: keys[index],
      originalName: file.originalName,
      mime: file.mime,
      size: file.size,
    })),
    { client: trx }
  )
}

/**
 * Master certification (认证审核): applying (statement + evidence), the staff
 * decision (approve / reject / ask for more), resubmitting. Every step is a
 * row in certification_events.
 */
export const certificationService = {
  async apply(user: User, field: Field, data: ApplicationData, files: CheckedFile[]) {
    const existing = await Identity.findBy({ userId: user.id, fieldId: field.id, role: 'master' })
    if (existing) throw new AlreadyAppliedError()
    return withStoredFiles(files, (keys) =>
      db.transaction(async (trx) => {
        // the unique key (user, field, role) also stops two simultaneous applications
        const identity = await Identity.create(
          { userId: user.id, fieldId: field.id, role: 'master', status: 'pending' },
          { client: trx }
        ).catch((error) => {
          throw error.code === '23505' ? new AlreadyAppliedError() : error
        })
        const application = await CertificationApplication.create(
          {
            identityId: identity.id,
            userId: user.id,
            fieldId: field.id,
            statement: data.statement,
            yearsOfPractice: data.yearsOfPractice,
            lineage: data.lineage ?? null,
            links: data.links ?? [],
            status: 'pending',
            submittedAt: DateTime.now(),
          },
          { client: trx }
        )
        await recordEvidence(application.id, files, keys, trx)
        await CertificationEvent.create(
          { applicationId: application.id, actorId: user.id, action: 'submitted' },
          { client: trx }
        )
        const reviewers = await User.query({ client: trx }).whereNotNull('staff_role')
        for (const reviewer of reviewers) {
          await notificationService.notify(
            reviewer.id,
            'certification.submitted',
            {
              ...fieldNames(field),
              applicant: user.displayName,
              url: `/admin/certifications/${application.id}`,
            },
            trx
          )
        }
        return application
      })
    )
  },

  /** After "more information requested": the applicant edits, may add files, and sends it back. */
  async resubmit(
    application: CertificationApplication,
    data: ApplicationData,
    files: CheckedFile[]
  ) {
    return withStoredFiles(files, (keys) =>
      db.transaction(async (trx) => {
        const reopened = await trx
          .from('certification_applications')
          .where({ id: application.id, status: 'more_info_requested' })
          .update({
            statement: data.statement,
            years_of_practice: data.yearsOfPractice,
            lineage: data.lineage ?? null,
            links: JSON.stringify(data.links ?? []),
            status: 'pending',
            submitted_at: new Date(),
            updated_at: new Date(),
          })
        if (!reopened) throw new ApplicationChangedError()
        await trx
          .from('identities')
          .where('id', application.identityId)
          .update({ status: 'pending', updated_at: new Date() })
        await identityRowChanged(application.userId, application.fieldId, trx)
        await recordEvidence(application.id, files, keys, trx)
        await CertificationEvent.create(
          { applicationId: application.id, actorId: application.userId, action: 'resubmitted' },
          { client: trx }
        )
      })
    )
  },

  /**
   * A staff decision. Only a pending application can be decided, and the
   * conditional UPDATE makes two reviewers deciding at once safe: the second
   * gets ApplicationChangedError.
   */
  async decide(
    staff: User,
    application: CertificationApplication,
    decision: Decision,
    note: string | null
  ) {
    const outcome = DECIDED[decision]
    await db.transaction(async (trx) => {
      const decided = await trx
        .from('certification_applications')
        .where({ id: application.id, status: 'pending' })
        .update({ status: outcome.status, updated_at: new Date() })
      if (!decided) throw new ApplicationChangedError()
      await trx
        .from('identities')
        .where('id', application.identityId)
        .update({ status: outcome.identity, updated_at: new Date() })
      await identityRowChanged(application.userId, application.fieldId, trx)
      await CertificationEvent.create(
        { applicationId: application.id, actorId: staff.id, action: outcome.action, note },
        { client: trx }
      )
      // stored in the same transaction as the decision: no decision without its notification
      await notificationService.notify(
        application.userId,
        outcome.notification,
        {
          ...fieldNames(application.field),
          ...(outcome.noteAs ? { [outcome.noteAs]: note ?? '' } : {}),
          url: `/certification/applications/${application.id}`,
        },
        trx
      )
    })
    application.status = outcome.status
    return outcome
  },

  async forReview(filters: { status?: string; fieldId?: number; page: number }) {
    const query = CertificationApplication.query()
      .preload('field')
      .preload('user')
      .orderBy('submitted_at', 'asc')
    if (filters.status) query.where('status', filters.status)
    if (filters.fieldId) query.where('field_id', filters.fieldId)
    return query.paginate(filters.page, 20)
  },

  async detail(id: number) {
    return CertificationApplication.query()
      .where('id', id)
      .preload('field')
      .preload('user')
      .preload('evidence', (q) => q.orderBy('id'))
      .preload('events', (q) => q.orderBy('id').preload('actor'))
      .firstOrFail()
  },

  async ofUser(userId: number) {
    return CertificationApplication.query()
      .where('user_id', userId)
      .preload('field')
      .orderBy('id', 'desc')
  },
}

import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Infer } from '@vinejs/vine/types'
import Field from '#identity/models/field'
import Identity from '#identity/models/identity'
import CertificationApplication from '#identity/models/certification_application'
import CertificationEvidence from '#identity/models/certification_evidence'
import CertificationEvent, { type Decision } from '#identity/models/certification_event'
import { evidenceStore, type CheckedFile } from '#identity/services/evidence_store'
import User from '#identity/models/user'
import { identityRowChanged } from '#identity/services/identity_changes'
import { notificationPreferences, notificationService } from '#realtime/index'
import { DomainError, FormError } from '#shared/errors/domain_error'
import { certificationMails } from '#identity/mails/certification_mail'
import {
  parseLinks,
  type applyValidator,
  type resubmitValidator,
} from '#identity/validators/certification_validators'

/** At most this many evidence files per application, over all its submissions. */
export const MAX_EVIDENCE_FILES = 10

function linksOf(text: string | undefined) {
  const links = parseLinks(text)
  if (!links) throw new FormError('links', 'certification.links_invalid')
  return links
}

export type ApplicationData = {
  statement: string
  yearsOfPractice: number
  lineage?: string | null
  links?: string[]
}

export type { Decision }

/** One master identity per field: a second application for it is refused (on the field choice). */
export class AlreadyAppliedError extends FormError {
  static status = 409
  static code = 'E_ALREADY_APPLIED'

  constructor() {
    super('fieldId', 'certification.already_applied')
  }
}

/** The application was decided (or changed) meanwhile: nothing was done; its page says so. */
export class ApplicationChangedError extends DomainError {
  static status = 409
  static code = 'E_APPLICATION_CHANGED'
  static shownAs = 'back' as const

  constructor() {
    super('certification.changed')
  }
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
  /** The application form: the field must be open, links http(s), every file checked by content. */
  async applyFromForm(user: User, form: Infer<typeof applyValidator>) {
    const { fieldId, evidence, links, ...data } = form
    const field = await Field.query().where({ id: fieldId, active: true }).first()
    if (!field) throw new FormError('fieldId', 'certification.unknown_field')
    const files = await evidenceStore.checkAll(evidence)
    return this.apply(user, field, { ...data, links: linksOf(links) }, files)
  },

  /** More information, as asked: new files join the old ones, MAX_EVIDENCE_FILES in all. */
  async resubmitFromForm(
    application: CertificationApplication,
    form: Infer<typeof resubmitValidator>
  ) {
    const { evidence, links, ...data } = form
    if (application.evidence.length + (evidence?.length ?? 0) > MAX_EVIDENCE_FILES) {
      throw new FormError('evidence', 'certification.too_many_files')
    }
    const files = await evidenceStore.checkAll(evidence ?? [])
    return this.resubmit(application, { ...data, links: linksOf(links) }, files)
  },

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
   * gets ApplicationChangedError. The applicant's notification and mail are
   * written in the decision's transaction. `application` comes from detail().
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
      // the decision mail is this topic's email channel: sent unless the applicant turned it off
      if (await notificationPreferences.wantsEmail(application.userId, 'certification.approved')) {
        const { user, field } = application
        await certificationMails.send(
          {
            decision,
            recipient: { email: user.email, displayName: user.displayName, locale: user.locale },
            application: { id: application.id, ...fieldNames(field) },
            note,
          },
          { client: trx }
        )
      }
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

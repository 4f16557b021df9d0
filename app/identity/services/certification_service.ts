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
import env from '#start/env'
import {
  parseLinks,
  type applyValidator,
  type resubmitValidator,
} from '#identity/validators/certification_validators'

/**
 * Days a rejected applicant waits before applying again for the same field
 * (CERTIFICATION_REAPPLY_DAYS, default 0: at once). Tests change it here.
 */
export const certificationSettings = {
  reapplyAfterDays: env.get('CERTIFICATION_REAPPLY_DAYS') ?? 0,
}

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

/** A rejected applicant applying again before the cool-down (certificationSettings) has passed. */
export class ReapplyTooSoonError extends FormError {
  static status = 409
  static code = 'E_REAPPLY_TOO_SOON'

  constructor(days: number) {
    super('fieldId', 'certification.reapply_wait', { days })
  }
}

/** Staff deciding on their own application: refused, whoever they are (admins too). */
export class OwnApplicationError extends DomainError {
  static status = 403
  static code = 'E_OWN_APPLICATION'

  constructor() {
    super('certification.own_application')
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

/** A rejected master identity back in review; two re-applications at once: the second is refused. */
async function reopen(identity: Identity, trx: TransactionClientContract) {
  const reopened = await trx
    .from('identities')
    .where({ id: identity.id, status: 'rejected' })
    .update({ status: 'pending', updated_at: new Date() })
  if (!reopened) throw new AlreadyAppliedError()
  await identityRowChanged(identity.userId, identity.fieldId, trx)
  return identity
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

  /**
   * A first application makes the pending master identity; after a rejection
   * (and the cool-down) the same identity applies again with a new
   * application, the earlier ones kept as its history.
   */
  async apply(user: User, field: Field, data: ApplicationData, files: CheckedFile[]) {
    const existing = await Identity.findBy({ userId: user.id, fieldId: field.id, role: 'master' })
    if (existing && existing.status !== 'rejected') throw new AlreadyAppliedError()
    if (existing) {
      const days = await this.daysBeforeReapplying(existing.id)
      if (days > 0) throw new ReapplyTooSoonError(days)
    }
    return withStoredFiles(files, (keys) =>
      db.transaction(async (trx) => {
        const identity = existing
          ? await reopen(existing, trx)
          : // the unique key (user, field, role) also stops two simultaneous applications
            await Identity.create(
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
        // staff who apply are not asked to review themselves
        const reviewers = await User.query({ client: trx })
          .whereNotNull('staff_role')
          .whereNot('id', user.id)
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
    if (staff.id === application.userId) throw new OwnApplicationError()
    const outcome = DECIDED[decision]
    await db.transaction(async (trx) => {
      const decided = await trx
        .from('certification_applications')
        .where({ id: application.id, status: 'pending' })
        // never the reviewer's own application, even if the check above were bypassed
        .whereNot('user_id', staff.id)
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

  /** Whole days left before a rejected identity may apply again (0: now). */
  async daysBeforeReapplying(identityId: number) {
    const row = await db
      .from('certification_events')
      .join(
        'certification_applications',
        'certification_applications.id',
        'certification_events.application_id'
      )
      .where({ 'certification_applications.identity_id': identityId, 'action': 'rejected' })
      .max('certification_events.created_at as at')
      .first()
    if (!row?.at) return 0
    const allowedAt = DateTime.fromJSDate(row.at).plus({
      days: certificationSettings.reapplyAfterDays,
    })
    return Math.max(0, Math.ceil(allowedAt.diffNow('days').days))
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

  /** The other applications for the same master identity, oldest first (its history). */
  async othersOfIdentity(application: CertificationApplication) {
    return CertificationApplication.query()
      .where('identity_id', application.identityId)
      .whereNot('id', application.id)
      .orderBy('id')
  },

  async ofUser(userId: number) {
    return CertificationApplication.query()
      .where('user_id', userId)
      .preload('field')
      .orderBy('id', 'desc')
  },
}

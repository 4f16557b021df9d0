import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { jobs, type JobDefinition } from '#shared/jobs/jobs'
import { avatarStore } from '#identity/services/avatar_store'
import { portfolioStore } from '#identity/services/portfolio_store'
import { evidenceStore } from '#identity/services/evidence_store'

/** Every file an account owns, by store (keys as the stores name them). */
export type OwnedFiles = { avatars: string[]; portfolio: string[]; evidence: string[] }

const REMOVE_FILES = 'identity.remove-account-files'

/**
 * Removes the files of a deleted account from the disk (fs or S3). A pg-boss
 * job enqueued in the deleting transaction: no file is removed for a deletion
 * that rolls back, and a failing disk is retried. Deleting a missing file is
 * no error, so a retry after a partial run finishes the rest.
 */
export const removeAccountFiles: JobDefinition<OwnedFiles> = {
  name: REMOVE_FILES,
  queue: { retryLimit: 8, retryDelay: 60, retryBackoff: true },
  handler: async ({ avatars, portfolio, evidence }) => {
    for (const key of avatars) await avatarStore.remove(key)
    for (const key of portfolio) await portfolioStore.remove(key)
    await evidenceStore.remove(evidence)
  },
}

/**
 * What a user has on the disk: the avatar, the images of the works of every
 * identity, the evidence of every certification application. A module that
 * stores files of its own for a user adds them here.
 */
export const accountFiles = {
  async of(userId: number, trx: TransactionClientContract): Promise<OwnedFiles> {
    const user = await trx.from('users').where('id', userId).select('avatar_key').first()
    const works = await trx
      .from('portfolio_items')
      .join('identities', 'identities.id', 'portfolio_items.identity_id')
      .where('identities.user_id', userId)
      .select('portfolio_items.image_key')
    const evidence = await trx
      .from('certification_evidence')
      .join(
        'certification_applications',
        'certification_applications.id',
        'certification_evidence.application_id'
      )
      .where('certification_applications.user_id', userId)
      .select('certification_evidence.disk_key')
    return {
      avatars: user?.avatar_key ? [user.avatar_key] : [],
      portfolio: works.map((row) => row.image_key as string),
      evidence: evidence.map((row) => row.disk_key as string),
    }
  },

  /** Enqueues the removal in `trx`: it happens once the deletion commits. */
  async removeLater(files: OwnedFiles, trx: TransactionClientContract) {
    const count = files.avatars.length + files.portfolio.length + files.evidence.length
    if (count) await jobs.send(REMOVE_FILES, files, { client: trx })
  },
}

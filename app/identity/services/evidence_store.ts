import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileTypeFromBuffer } from 'file-type'
import drive from '@adonisjs/drive/services/main'
import { FormError } from '#shared/errors/domain_error'

/** What may be sent as evidence, by content (never by file name), and how large. */
const ACCEPTED: Record<string, { ext: string; maxBytes: number; kind: 'image' | 'pdf' | 'video' }> =
  {
    'image/jpeg': { ext: 'jpg', maxBytes: 8 * 1024 * 1024, kind: 'image' },
    'image/png': { ext: 'png', maxBytes: 8 * 1024 * 1024, kind: 'image' },
    'image/webp': { ext: 'webp', maxBytes: 8 * 1024 * 1024, kind: 'image' },
    'application/pdf': { ext: 'pdf', maxBytes: 10 * 1024 * 1024, kind: 'pdf' },
    'video/mp4': { ext: 'mp4', maxBytes: 40 * 1024 * 1024, kind: 'video' },
    'video/webm': { ext: 'webm', maxBytes: 40 * 1024 * 1024, kind: 'video' },
  }

export type CheckedFile = {
  tmpPath: string
  originalName: string
  mime: string
  size: number
  ext: string
}

/** A file that is not accepted evidence (by its content or its size), said on the evidence field. */
export class EvidenceRejectedError extends FormError {
  static code = 'E_EVIDENCE_REJECTED'

  constructor(reason: 'type' | 'size', fileName: string, limitMb?: number) {
    super('evidence', `certification.evidence_${reason}`, { name: fileName, limit: limitMb })
  }
}

/**
 * Certification evidence: checked by content, stored privately under random
 * keys (fs disk locally, S3 when configured), read back only through an
 * authorised route.
 */
export const evidenceStore = {
  async check(file: { tmpPath?: string; clientName: string; size: number }): Promise<CheckedFile> {
    const bytes = await readFile(file.tmpPath!)
    const type = await fileTypeFromBuffer(bytes)
    const accepted = type && ACCEPTED[type.mime]
    if (!type || !accepted) throw new EvidenceRejectedError('type', file.clientName)
    if (bytes.length > accepted.maxBytes) {
      throw new EvidenceRejectedError('size', file.clientName, accepted.maxBytes / 1024 / 1024)
    }
    return {
      tmpPath: file.tmpPath!,
      originalName: file.clientName.slice(0, 200),
      mime: type.mime,
      size: bytes.length,
      ext: accepted.ext,
    }
  },

  /** Every file checked before any is stored: one bad file refuses the whole form. */
  async checkAll(files: { tmpPath?: string; clientName: string; size: number }[]) {
    const checked: CheckedFile[] = []
    for (const file of files) checked.push(await this.check(file))
    return checked
  },

  async save(file: CheckedFile) {
    const key = `certification/${randomUUID()}.${file.ext}`
    await drive.use().put(key, await readFile(file.tmpPath))
    return key
  },

  /** Where a piece of evidence is, to stream it (#shared/http/stored_file). */
  stored(key: string) {
    return { disk: drive.use(), key }
  },

  async remove(keys: string[]) {
    for (const key of keys) await drive.use().delete(key)
  },
}

import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { fileTypeFromBuffer } from 'file-type'
import drive from '@adonisjs/drive/services/main'

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif'])
export const AVATAR_SIZES = [64, 256] as const

export class InvalidImageError extends Error {
  code = 'E_INVALID_IMAGE'
}

/**
 * Avatars are checked by content (not by file name), re-encoded as small
 * WebP squares in two sizes, and stored under a random key: the original
 * upload, with whatever it carried, is never served.
 */
export const avatarStore = {
  async save(tmpPath: string) {
    const input = await readFile(tmpPath)
    const type = await fileTypeFromBuffer(input)
    if (!type || !ACCEPTED.has(type.mime)) throw new InvalidImageError()
    const key = randomUUID()
    try {
      for (const size of AVATAR_SIZES) {
        const output = await sharp(input, { animated: false })
          .rotate()
          .resize(size, size, { fit: 'cover' })
          .webp({ quality: 80 })
          .toBuffer()
        await drive.use().put(`avatars/${key}-${size}.webp`, output)
      }
    } catch {
      throw new InvalidImageError()
    }
    return key
  },

  async read(key: string, size: number) {
    return drive.use().getBytes(`avatars/${key}-${size}.webp`)
  },

  async remove(key: string) {
    for (const size of AVATAR_SIZES) await drive.use().delete(`avatars/${key}-${size}.webp`)
  },
}

import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { fileTypeFromBuffer } from 'file-type'
import drive from '@adonisjs/drive/services/main'
import { InvalidImageError } from '#identity/services/avatar_store'

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp'])
export const COVER_WIDTH = 1200
export const COVER_HEIGHT = 600

const pathOf = (key: string) => `field-covers/${key}.webp`

/**
 * Field covers are checked by content (not by file name), re-encoded as one
 * 1200×600 WebP and stored under a random key: a new cover gets a new key,
 * so a served cover never changes and can be cached for good.
 */
export const fieldCoverStore = {
  async save(tmpPath: string) {
    const input = await readFile(tmpPath)
    const type = await fileTypeFromBuffer(input)
    if (!type || !ACCEPTED.has(type.mime)) throw new InvalidImageError()
    let output: Buffer
    try {
      output = await sharp(input, { animated: false })
        .rotate()
        .resize(COVER_WIDTH, COVER_HEIGHT, { fit: 'cover' })
        .webp({ quality: 78 })
        .toBuffer()
    } catch {
      throw new InvalidImageError()
    }
    const key = randomUUID()
    await drive.use().put(pathOf(key), output)
    return key
  },

  async read(key: string) {
    return drive.use().getBytes(pathOf(key))
  },

  async remove(key: string) {
    await drive.use().delete(pathOf(key))
  },
}

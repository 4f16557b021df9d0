import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import { encodeWebp } from '#shared/images/image_encoder'

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp'])
export const COVER_WIDTH = 1200
export const COVER_HEIGHT = 600

const pathOf = (key: string) => `field-covers/${key}.webp`

/**
 * Field covers: one 1200×600 WebP under a random key. A new cover gets a
 * new key, so a served cover never changes and can be cached for good.
 */
export const fieldCoverStore = {
  async save(tmpPath: string) {
    const [cover] = await encodeWebp(
      tmpPath,
      ACCEPTED,
      [{ width: COVER_WIDTH, height: COVER_HEIGHT, quality: 78 }],
      { field: 'cover', messageKey: 'admin.fields.cover_invalid' }
    )
    const key = randomUUID()
    await drive.use().put(pathOf(key), cover)
    return key
  },

  async read(key: string) {
    return drive.use().getBytes(pathOf(key))
  },

  async remove(key: string) {
    await drive.use().delete(pathOf(key))
  },
}

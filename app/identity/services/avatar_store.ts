import { randomUUID } from 'node:crypto'
import drive from '@adonisjs/drive/services/main'
import { encodeWebp } from '#shared/images/image_encoder'

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif'])
export const AVATAR_SIZES = [64, 256] as const

const pathOf = (key: string, size: number) => `avatars/${key}-${size}.webp`

/** Avatars: small WebP squares in two sizes, stored under a random key. */
export const avatarStore = {
  async save(tmpPath: string) {
    const images = await encodeWebp(
      tmpPath,
      ACCEPTED,
      AVATAR_SIZES.map((size) => ({ width: size, height: size, quality: 80 })),
      { field: 'avatar', messageKey: 'settings.profile.avatar_invalid' }
    )
    const key = randomUUID()
    for (const [index, size] of AVATAR_SIZES.entries()) {
      await drive.use().put(pathOf(key, size), images[index])
    }
    return key
  },

  async read(key: string, size: number) {
    return drive.use().getBytes(pathOf(key, size))
  },

  async remove(key: string) {
    for (const size of AVATAR_SIZES) await drive.use().delete(pathOf(key, size))
  },
}

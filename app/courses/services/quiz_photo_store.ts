import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import drive from '@adonisjs/drive/services/main'
import { encodeWebp } from '#shared/images/webp_encoder'

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp'])
/** Big enough to judge a glaze on a phone, small enough for a quiz of several photos. */
const SIZE = 800

const pathOf = (key: string) => `quiz-photos/${key}.webp`

/** The photos of photo-judgement options, re-encoded as WebP under random keys. */
export const quizPhotoStore = {
  async save(tmpPath: string) {
    const [image] = await encodeWebp(
      tmpPath,
      ACCEPTED,
      [{ width: SIZE, height: SIZE, quality: 78, fit: 'inside' }],
      { field: 'image', messageKey: 'courses_quiz.errors.image_invalid' }
    )
    const { width, height } = await sharp(image).metadata()
    const key = randomUUID()
    await drive.use().put(pathOf(key), image)
    return { imageKey: key, imageWidth: width, imageHeight: height }
  },

  async read(key: string) {
    return drive.use().getBytes(pathOf(key))
  },

  async remove(keys: string[]) {
    for (const key of keys) await drive.use().delete(pathOf(key))
  },
}

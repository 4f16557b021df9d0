import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import drive from '@adonisjs/drive/services/main'
import { encodeWebp } from '#shared/images/webp_encoder'

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp'])
export const COVER_WIDTH = 1280
export const COVER_HEIGHT = 720
/** Lesson images are fitted inside this box (never cropped). */
const LESSON_IMAGE_MAX = 1600

/**
 * A lesson image's key carries its size (`<uuid>-<width>x<height>`), so the
 * Markdown that names it renders a sized <img> without asking storage.
 */
export const LESSON_IMAGE_KEY =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{1,4}x\d{1,4}$/
export const LESSON_IMAGE_PREFIX = '/courses/images/'

const coverPath = (key: string) => `course-covers/${key}.webp`
const lessonImagePath = (key: string) => `course-images/${key}.webp`

/** The width and height written in a lesson image's key, or null for any other address. */
export function lessonImageSize(src: string) {
  if (!src.startsWith(LESSON_IMAGE_PREFIX)) return null
  const key = src.slice(LESSON_IMAGE_PREFIX.length)
  if (!LESSON_IMAGE_KEY.test(key)) return null
  const [width, height] = key.slice(37).split('x').map(Number)
  return { width, height }
}

/**
 * Course covers (16:9, cropped to fill) and the images of text lessons
 * (fitted, whole), checked by content and re-encoded as WebP under random
 * keys: a new image is a new address, cached for good.
 */
export const courseImages = {
  async saveCover(tmpPath: string) {
    const [cover] = await encodeWebp(
      tmpPath,
      ACCEPTED,
      [{ width: COVER_WIDTH, height: COVER_HEIGHT, quality: 76 }],
      { field: 'cover', messageKey: 'courses_teach.cover_invalid' }
    )
    const key = randomUUID()
    await drive.use().put(coverPath(key), cover)
    return { coverKey: key, coverWidth: COVER_WIDTH, coverHeight: COVER_HEIGHT }
  },

  readCover(key: string) {
    return drive.use().getBytes(coverPath(key))
  },

  async removeCover(key: string) {
    await drive.use().delete(coverPath(key))
  },

  /** Stores a lesson image; returns the address the Markdown names it by. */
  async saveLessonImage(tmpPath: string) {
    const [image] = await encodeWebp(
      tmpPath,
      ACCEPTED,
      [{ width: LESSON_IMAGE_MAX, height: LESSON_IMAGE_MAX, quality: 78, fit: 'inside' }],
      { field: 'image', messageKey: 'courses_teach.image_invalid' }
    )
    const { width, height } = await sharp(image).metadata()
    const key = `${randomUUID()}-${width}x${height}`
    await drive.use().put(lessonImagePath(key), image)
    return `${LESSON_IMAGE_PREFIX}${key}`
  },

  readLessonImage(key: string) {
    return drive.use().getBytes(lessonImagePath(key))
  },
}

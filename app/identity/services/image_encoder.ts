import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { fileTypeFromBuffer } from 'file-type'

export class InvalidImageError extends Error {
  code = 'E_INVALID_IMAGE'
}

/**
 * An uploaded image, checked by content (not by file name) and re-encoded
 * as WebP in each size asked for (cropped to fill it, or fitted inside it): the original upload, with whatever it
 * carried, is never stored. Not an accepted image, or unreadable → InvalidImageError.
 */
export async function encodeWebp(
  tmpPath: string,
  accepted: Set<string>,
  sizes: { width: number; height: number; quality: number; fit?: 'cover' | 'inside' }[]
) {
  const input = await readFile(tmpPath)
  const type = await fileTypeFromBuffer(input)
  if (!type || !accepted.has(type.mime)) throw new InvalidImageError()
  try {
    return await Promise.all(
      sizes.map(({ width, height, quality, fit = 'cover' }) =>
        sharp(input, { animated: false })
          .rotate()
          .resize(width, height, { fit, withoutEnlargement: fit === 'inside' })
          .webp({ quality })
          .toBuffer()
      )
    )
  } catch {
    throw new InvalidImageError()
  }
}

import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { fileTypeFromBuffer } from 'file-type'

export class InvalidImageError extends Error {
  code = 'E_INVALID_IMAGE'
}

/**
 * An uploaded image, checked by content (not by file name) and re-encoded
 * as WebP in each size asked for: the original upload, with whatever it
 * carried, is never stored. Not an accepted image, or unreadable → InvalidImageError.
 */
export async function encodeWebp(
  tmpPath: string,
  accepted: Set<string>,
  sizes: { width: number; height: number; quality: number }[]
) {
  const input = await readFile(tmpPath)
  const type = await fileTypeFromBuffer(input)
  if (!type || !accepted.has(type.mime)) throw new InvalidImageError()
  try {
    return await Promise.all(
      sizes.map(({ width, height, quality }) =>
        sharp(input, { animated: false })
          .rotate()
          .resize(width, height, { fit: 'cover' })
          .webp({ quality })
          .toBuffer()
      )
    )
  } catch {
    throw new InvalidImageError()
  }
}

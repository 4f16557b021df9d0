import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { fileTypeFromBuffer } from 'file-type'
import { FormError } from '#shared/errors/domain_error'

/** Not an accepted image, or unreadable: said on the form field it was uploaded with. */
export class InvalidImageError extends FormError {
  static code = 'E_INVALID_IMAGE'
}

/** The form field an image came from and what to say there when it is not one. */
export type ImageField = { field: string; messageKey: string }

/**
 * An uploaded image, checked by content (not by file name) and re-encoded
 * as WebP in each size asked for (cropped to fill it, or fitted inside it): the original upload, with whatever it
 * carried, is never stored. Not an accepted image, or unreadable → InvalidImageError
 * on `from`'s field.
 */
export async function encodeWebp(
  tmpPath: string,
  accepted: Set<string>,
  sizes: { width: number; height: number; quality: number; fit?: 'cover' | 'inside' }[],
  from: ImageField
) {
  const invalid = () => new InvalidImageError(from.field, from.messageKey)
  const input = await readFile(tmpPath)
  const type = await fileTypeFromBuffer(input)
  if (!type || !accepted.has(type.mime)) throw invalid()
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
    throw invalid()
  }
}

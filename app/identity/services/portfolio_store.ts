import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import drive from '@adonisjs/drive/services/main'
import { encodeWebp } from '#shared/images/image_encoder'

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp'])
export const PORTFOLIO_SIZES = { thumb: 480, full: 1600 } as const
export type PortfolioSize = keyof typeof PORTFOLIO_SIZES

const pathOf = (key: string, size: PortfolioSize) => `portfolio/${key}-${size}.webp`

/**
 * Portfolio images: a 480×360 thumbnail (cropped, for grids) and the whole
 * work fitted inside 1600×1600, never cropped. Keys are random and never reused.
 */
export const portfolioStore = {
  async save(tmpPath: string) {
    const [thumb, full] = await encodeWebp(
      tmpPath,
      ACCEPTED,
      [
        { width: PORTFOLIO_SIZES.thumb, height: 360, quality: 72 },
        { width: PORTFOLIO_SIZES.full, height: PORTFOLIO_SIZES.full, quality: 80, fit: 'inside' },
      ],
      { field: 'image', messageKey: 'portfolio.image_invalid' }
    )
    const { width, height } = await sharp(full).metadata()
    const key = randomUUID()
    await drive.use().put(pathOf(key, 'thumb'), thumb)
    await drive.use().put(pathOf(key, 'full'), full)
    return { imageKey: key, imageWidth: width, imageHeight: height }
  },

  async read(key: string, size: PortfolioSize) {
    return drive.use().getBytes(pathOf(key, size))
  },

  async remove(key: string) {
    await drive.use().delete(pathOf(key, 'thumb'))
    await drive.use().delete(pathOf(key, 'full'))
  },
}

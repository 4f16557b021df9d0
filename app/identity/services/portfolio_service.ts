import PortfolioItem from '#identity/models/portfolio_item'
import { portfolioStore } from '#identity/services/portfolio_store'
import { FormError } from '#shared/errors/domain_error'

/** Enough for a showcase; past it, an identity curates instead of piling up. */
export const PORTFOLIO_LIMIT = 48

/** A new work past the limit: said on the image field of the form. */
export class PortfolioFullError extends FormError {
  static code = 'E_PORTFOLIO_FULL'

  constructor() {
    super('image', 'portfolio.full', { limit: PORTFOLIO_LIMIT })
  }
}

type WorkText = { title: string; description?: string | null }

/** The works of one identity: each row belongs to the identity it was made under, not to the user. */
export const portfolioService = {
  list(identityId: number) {
    return PortfolioItem.query().where('identity_id', identityId).orderBy('id', 'desc')
  },

  /** For a public profile: each identity's newest works, one query. */
  async byIdentity(identityIds: number[], perIdentity = 12) {
    const grouped = new Map<number, PortfolioItem[]>()
    if (!identityIds.length) return grouped
    const items = await PortfolioItem.query()
      .whereIn('identity_id', identityIds)
      .orderBy('id', 'desc')
    for (const item of items) {
      const list = grouped.get(item.identityId) ?? []
      if (list.length < perIdentity) list.push(item)
      grouped.set(item.identityId, list)
    }
    return grouped
  },

  async add(identityId: number, text: WorkText, imagePath: string) {
    const count = await PortfolioItem.query().where('identity_id', identityId).count('* as total')
    if (Number(count[0].$extras.total) >= PORTFOLIO_LIMIT) throw new PortfolioFullError()
    const image = await portfolioStore.save(imagePath)
    try {
      return await PortfolioItem.create({ identityId, ...text, ...image })
    } catch (error) {
      await portfolioStore.remove(image.imageKey)
      throw error
    }
  },

  async update(item: PortfolioItem, text: WorkText, imagePath?: string) {
    const oldKey = item.imageKey
    if (imagePath) item.merge(await portfolioStore.save(imagePath))
    item.merge({ title: text.title, description: text.description ?? null })
    await item.save()
    if (imagePath) await portfolioStore.remove(oldKey)
    return item
  },

  async remove(item: PortfolioItem) {
    await item.delete()
    await portfolioStore.remove(item.imageKey)
  },
}

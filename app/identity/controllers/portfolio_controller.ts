import type { HttpContext } from '@adonisjs/core/http'
import PortfolioItem from '#identity/models/portfolio_item'
import PortfolioPolicy from '#identity/policies/portfolio_policy'
import { newWorkValidator, workUpdateValidator } from '#identity/validators/portfolio_validators'
import { PORTFOLIO_LIMIT, portfolioService } from '#identity/services/portfolio_service'
import { portfolioStore } from '#identity/services/portfolio_store'
import { notFound } from '#shared/errors/not_found'

/** The active identity's portfolio (作品集): what it made, shown on its public profile. */
export default class PortfolioController {
  async index({ view, identity, response, session, i18n }: HttpContext) {
    if (!identity) {
      session.flash('error', i18n.t('portfolio.needs_identity'))
      return response.redirect().toRoute('dashboard')
    }
    const items = await portfolioService.list(identity.id)
    return view.render('identity/portfolio/index', { items, limit: PORTFOLIO_LIMIT })
  }

  async store({ request, response, session, identity, i18n }: HttpContext) {
    if (!identity) return response.redirect().toRoute('portfolio.index')
    const { image, ...text } = await request.validateUsing(newWorkValidator)
    await portfolioService.add(identity.id, text, image.tmpPath!)
    session.flash('success', i18n.t('portfolio.added'))
    return response.redirect().toRoute('portfolio.index')
  }

  async edit({ params, view, bouncer, identity }: HttpContext) {
    const item = await PortfolioItem.find(params.id)
    if (!item) notFound()
    await bouncer.with(PortfolioPolicy).authorize('manage', identity, item)
    return view.render('identity/portfolio/edit', { item })
  }

  async update({ params, request, response, session, bouncer, identity, i18n }: HttpContext) {
    const item = await PortfolioItem.find(params.id)
    if (!item) notFound()
    await bouncer.with(PortfolioPolicy).authorize('manage', identity, item)
    const { image, ...text } = await request.validateUsing(workUpdateValidator)
    await portfolioService.update(item, text, image?.tmpPath)
    session.flash('success', i18n.t('portfolio.saved'))
    return response.redirect().toRoute('portfolio.index')
  }

  async destroy({ params, response, session, bouncer, identity, i18n }: HttpContext) {
    const item = await PortfolioItem.find(params.id)
    if (!item) notFound()
    await bouncer.with(PortfolioPolicy).authorize('manage', identity, item)
    await portfolioService.remove(item)
    session.flash('success', i18n.t('portfolio.removed'))
    return response.redirect().toRoute('portfolio.index')
  }

  /** Public, like the profile it appears on; keys are random and never reused. */
  async image({ params, request, response }: HttpContext) {
    const size = request.qs().size === 'full' ? 'full' : 'thumb'
    try {
      const bytes = await portfolioStore.read(params.key, size)
      response.header('Content-Type', 'image/webp')
      response.header('Cache-Control', 'public, max-age=31536000, immutable')
      return response.send(Buffer.from(bytes))
    } catch {
      return response.notFound()
    }
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { notFound } from '#shared/errors/not_found'
import { pageOrFragment, wantsFragment } from '#shared/http/htmx'
import { catalogue } from '#courses/services/catalogue'
import { coursePage } from '#courses/services/course_page'
import { catalogueFilters, catalogueUrl } from '#courses/services/catalogue_urls'
import { reviewService } from '#courses/services/review_service'
import { catalogueQuery } from '#courses/validators/catalogue_validators'
import CoursePolicy from '#courses/policies/course_policy'

export default class CatalogueController {
  /**
   * The catalogue, all fields or one (`?field=<slug>`), filtered, searched,
   * ordered, paged: a GET form without JS; htmx swaps only the results and
   * pushes the address, so any state is a link to share.
   */
  async index(ctx: HttpContext) {
    const filters = await catalogueQuery(ctx.request.qs())
    const result = await catalogue.page(filters)
    const state = { ...result, filters, baseUrl: catalogueUrl(filters, { page: undefined }) }
    // the address of what is shown, tidied (empty parts left out): htmx puts it in the location bar
    if (wantsFragment(ctx.request)) ctx.response.header('HX-Push-Url', catalogueUrl(filters))
    return pageOrFragment(
      ctx,
      { view: 'courses/catalogue/_results', state: () => state },
      async () =>
        ctx.view.render('courses/catalogue/index', {
          ...state,
          options: await catalogueFilters(),
        })
    )
  }

  /**
   * A course's page. A draft is shown to its master only (a preview); an
   * archived course to its master and its learners (coursePage.access).
   */
  async show(ctx: HttpContext) {
    const { params, auth, bouncer, identity, view } = ctx
    const course = (await coursePage.find(params.id)) ?? notFound()
    const isOwner = await bouncer.with(CoursePolicy).allows('edit', identity, course)
    const access = await coursePage.access(course, auth.user?.id ?? null, isOwner)
    const [state, reviewing] = await Promise.all([
      coursePage.load(course),
      auth.user && access.enrolled ? reviewService.eligibility(auth.user.id, course) : null,
    ])
    return view.render('courses/catalogue/show', { ...state, ...access, reviewing })
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { fieldCatalogue } from '#identity/services/field_catalogue'

export default class HomeController {
  async show({ view }: HttpContext) {
    const fields = await fieldCatalogue.active()
    return view.render('identity/home', { fields })
  }
}

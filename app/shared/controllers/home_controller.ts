import type { HttpContext } from '@adonisjs/core/http'
import { fieldCatalogue } from '#identity/index'

export default class HomeController {
  async show({ view }: HttpContext) {
    const fields = await fieldCatalogue.active()
    return view.render('pages/home', { fields })
  }
}

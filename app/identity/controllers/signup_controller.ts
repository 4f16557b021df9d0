import type { HttpContext } from '@adonisjs/core/http'
import { signupValidator } from '#identity/validators/account_validators'
import { accountService } from '#identity/services/account_service'

export default class SignupController {
  create({ view }: HttpContext) {
    return view.render('identity/signup')
  }

  /** The same answer whether or not the address already has an account. */
  async store({ request, response, session, i18n }: HttpContext) {
    const data = await request.validateUsing(signupValidator)
    await accountService.signUp(data, i18n.locale)
    session.put('signup_email', data.email)
    return response.redirect().toRoute('signup.sent')
  }

  sent({ view, session }: HttpContext) {
    return view.render('identity/signup_sent', { email: session.get('signup_email') })
  }
}

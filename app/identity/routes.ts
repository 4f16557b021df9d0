import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'
import { uploadRoutes } from '#shared/http/upload_routes'
import { resetThrottle, resetTokenThrottle, signupThrottle, verifyThrottle } from '#identity/limits'

const SignupController = () => import('#identity/controllers/signup_controller')
const SessionController = () => import('#identity/controllers/session_controller')
const VerifyEmailController = () => import('#identity/controllers/verify_email_controller')
const PasswordResetController = () => import('#identity/controllers/password_reset_controller')
const ProfileSettingsController = () => import('#identity/controllers/profile_settings_controller')
const AccountSettingsController = () => import('#identity/controllers/account_settings_controller')
const SessionsController = () => import('#identity/controllers/sessions_controller')
const AvatarsController = () => import('#identity/controllers/avatars_controller')
const FieldsController = () => import('#identity/controllers/fields_controller')
const DashboardController = () => import('#identity/controllers/dashboard_controller')
const IdentitySwitchController = () => import('#identity/controllers/identity_switch_controller')
const ProfilesController = () => import('#identity/controllers/profiles_controller')
const CertificationController = () => import('#identity/controllers/certification_controller')
const PortfolioController = () => import('#identity/controllers/portfolio_controller')
const CertificationReviewController = () =>
  import('#identity/controllers/certification_review_controller')

const HomeController = () => import('#identity/controllers/home_controller')

// anonymous visitors get the home page from the page cache (app/shared/http/page_cache.ts)
router.get('/', [HomeController, 'show']).as('home').use(middleware.pageCache())

/* guests only */
router
  .group(() => {
    router.get('/signup', [SignupController, 'create']).as('signup.create')
    router.post('/signup', [SignupController, 'store']).as('signup.store').use(signupThrottle)
    router.get('/signup/check-inbox', [SignupController, 'sent']).as('signup.sent')
    router.get('/login', [SessionController, 'create']).as('session.create')
    router.post('/login', [SessionController, 'store']).as('session.store')
    router.get('/forgot-password', [PasswordResetController, 'forgot']).as('password.forgot')
    router
      .post('/forgot-password', [PasswordResetController, 'send'])
      .as('password.send')
      .use(resetThrottle)
  })
  .use(middleware.guest())

/* anyone holding a link from a mail */
router.get('/verify-email/:token', [VerifyEmailController, 'show']).as('verify.show')
router.get('/reset-password/:token', [PasswordResetController, 'reset']).as('password.reset')
router
  .post('/reset-password/:token', [PasswordResetController, 'update'])
  .as('password.update')
  .use(resetTokenThrottle)

/* public pages: from the page cache too, purged when what they show changes (services/public_pages.ts) */
router
  .get('/fields/:slug', [FieldsController, 'show'])
  .as('fields.show')
  .use(middleware.pageCache())
router
  .get('/users/:id', [ProfilesController, 'show'])
  .as('profiles.show')
  .where('id', recordId)
  .use(middleware.pageCache())

/* public files */
router
  .get('/avatars/:key', [AvatarsController, 'show'])
  .as('avatars.show')
  .where('key', router.matchers.uuid())
router
  .get('/portfolio/images/:key', [PortfolioController, 'image'])
  .as('portfolio.image')
  .where('key', router.matchers.uuid())

/* signed-in users, acting on their own account only */
router
  .group(() => {
    router.post('/logout', [SessionController, 'destroy']).as('session.destroy')
    router.get('/dashboard', [DashboardController, 'show']).as('dashboard')
    router.post('/onboarding', [DashboardController, 'onboard']).as('onboarding.store')
    router.post('/identity/switch', [IdentitySwitchController, 'store']).as('identity.switch')
    router
      .post('/fields/:slug/apprentice', [FieldsController, 'becomeApprentice'])
      .as('fields.apprentice')
    router.get('/portfolio', [PortfolioController, 'index']).as('portfolio.index')
    router.post('/portfolio', [PortfolioController, 'store']).as('portfolio.store')
    router
      .get('/portfolio/:id/edit', [PortfolioController, 'edit'])
      .as('portfolio.edit')
      .where('id', recordId)
    router
      .post('/portfolio/:id', [PortfolioController, 'update'])
      .as('portfolio.update')
      .where('id', recordId)
    router
      .post('/portfolio/:id/delete', [PortfolioController, 'destroy'])
      .as('portfolio.destroy')
      .where('id', recordId)
    router
      .get('/certification/apply', [CertificationController, 'create'])
      .as('certification.create')
    router
      .post('/certification/apply', [CertificationController, 'store'])
      .as('certification.store')
    router
      .get('/certification/applications/:id', [CertificationController, 'show'])
      .as('certification.show')
      .where('id', recordId)
    router
      .post('/certification/applications/:id/resubmit', [CertificationController, 'resubmit'])
      .as('certification.resubmit')
      .where('id', recordId)
    router
      .get('/certification/evidence/:id', [CertificationController, 'evidence'])
      .as('certification.evidence')
      .where('id', recordId)
    router
      .get('/admin/certifications', [CertificationReviewController, 'index'])
      .as('admin.certifications.index')
    router
      .get('/admin/certifications/:id', [CertificationReviewController, 'show'])
      .as('admin.certifications.show')
      .where('id', recordId)
    router
      .post('/admin/certifications/:id/decision', [CertificationReviewController, 'decide'])
      .as('admin.certifications.decide')
      .where('id', recordId)
    router
      .post('/verify-email/resend', [VerifyEmailController, 'resend'])
      .as('verify.resend')
      .use(verifyThrottle)
    router.get('/settings/profile', [ProfileSettingsController, 'show']).as('settings.profile')
    router
      .post('/settings/profile', [ProfileSettingsController, 'update'])
      .as('settings.profile.update')
    router.get('/settings/account', [AccountSettingsController, 'show']).as('settings.account')
    router
      .post('/settings/password', [AccountSettingsController, 'updatePassword'])
      .as('settings.password.update')
    router
      .post('/settings/email', [AccountSettingsController, 'updateEmail'])
      .as('settings.email.update')
    router.post('/settings/delete', [AccountSettingsController, 'destroy']).as('settings.destroy')
    router.get('/settings/sessions', [SessionsController, 'index']).as('settings.sessions')
    router
      .post('/settings/sessions/revoke-others', [SessionsController, 'revokeOthers'])
      .as('settings.sessions.revoke_others')
    router
      .post('/settings/sessions/:session/revoke', [SessionsController, 'revoke'])
      .as('settings.sessions.revoke')
  })
  .use(middleware.auth())

/* the forms with a file: the only routes that read a multipart body */
uploadRoutes.add(
  'portfolio.store',
  'portfolio.update',
  'certification.store',
  'certification.resubmit',
  'settings.profile.update'
)

/* personal access tokens (settings) and the JSON API under /api/v1 */
import '#identity/routes_api'
import '#identity/routes_admin'

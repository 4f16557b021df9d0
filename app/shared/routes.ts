import router from '@adonisjs/core/services/router'
import { pagelessRoutes } from '#shared/http/pageless_routes'

const HealthController = () => import('#shared/controllers/health_controller')
const LocaleController = () => import('#shared/controllers/locale_controller')
const DevMailsController = () => import('#shared/controllers/dev_mails_controller')
const CrawlersController = () => import('#shared/controllers/crawlers_controller')
router.get('/health/live', [HealthController, 'live']).as('health.live')
router.get('/health/ready', [HealthController, 'ready']).as('health.ready')

router.post('/locale', [LocaleController, 'update']).as('locale.update')

// for search engines and link previews; no page, no session written
router.get('/robots.txt', [CrawlersController, 'robots']).as('robots')
router.get('/sitemap.xml', [CrawlersController, 'sitemap']).as('sitemap')
pagelessRoutes.add('robots', 'sitemap')

// the mail preview exists only where mails are written to disk on a local machine
router.get('/dev/mails', [DevMailsController, 'index']).as('dev.mails.index')
router.get('/dev/mails/:id', [DevMailsController, 'show']).as('dev.mails.show')

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'
import { pagelessRoutes } from '#shared/http/pageless_routes'

/*
| Every route parameter named `id` is a row id, on every route of every module
| (this file is imported first): anything longer than a bigint-safe number is
| a 404 before any query. A parameter that is not a row id has another name.
*/
router.where('id', recordId)

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

// the mail preview: only where mails are written to disk on a local run, only for this machine
router
  .group(() => {
    router.get('/dev/mails', [DevMailsController, 'index']).as('dev.mails.index')
    router.get('/dev/mails/:mail', [DevMailsController, 'show']).as('dev.mails.show')
  })
  .use(middleware.localOnly())

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const HealthController = () => import('#shared/controllers/health_controller')
const LocaleController = () => import('#shared/controllers/locale_controller')
const DevMailsController = () => import('#shared/controllers/dev_mails_controller')
router.get('/health/live', [HealthController, 'live']).as('health.live')
router.get('/health/ready', [HealthController, 'ready']).as('health.ready')

router.post('/locale', [LocaleController, 'update']).as('locale.update')

// the mail preview: only where mails are written to disk on a local run, only for this machine
router
  .group(() => {
    router.get('/dev/mails', [DevMailsController, 'index']).as('dev.mails.index')
    router.get('/dev/mails/:id', [DevMailsController, 'show']).as('dev.mails.show')
  })
  .use(middleware.localOnly())

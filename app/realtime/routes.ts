import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const NotificationsController = () => import('#realtime/controllers/notifications_controller')

/* signed-in users, their own notifications only */
router
  .group(() => {
    router.get('/notifications', [NotificationsController, 'index']).as('notifications.index')
    router
      .post('/notifications/read-all', [NotificationsController, 'readAll'])
      .as('notifications.read_all')
    router
      .post('/notifications/:id/read', [NotificationsController, 'read'])
      .as('notifications.read')
  })
  .use(middleware.auth())

import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordId } from '#shared/http/route_params'

const ChatController = () => import('#chat/controllers/chat_controller')

/* members only, checked per conversation */
router
  .group(() => {
    router.get('/messages', [ChatController, 'index']).as('chat.index')
    router.get('/messages/:id', [ChatController, 'show']).as('chat.show').where('id', recordId)
    router.post('/messages/:id', [ChatController, 'send']).as('chat.send').where('id', recordId)
    router
      .post('/users/:id/message', [ChatController, 'start'])
      .as('chat.start')
      .where('id', recordId)
    router
      .post('/users/:id/block', [ChatController, 'block'])
      .as('chat.block')
      .where('id', recordId)
    router
      .post('/users/:id/unblock', [ChatController, 'unblock'])
      .as('chat.unblock')
      .where('id', recordId)
  })
  .use(middleware.auth())

import type { Server as HttpServer } from 'node:http'
import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Puts the WebSocket server (app/realtime/ws) on the app's HTTP server and
 * its hub on Redis, and at shutdown ends every SSE stream and closes every
 * socket politely (1001).
 */
export default class RealtimeProvider {
  constructor(protected app: ApplicationService) {}

  #active() {
    return ['web', 'test'].includes(this.app.getEnvironment())
  }

  /**
   * Realtime's own registrations: the header's bell (layout data); its jobs,
   * the notification digest sweep every five minutes (pg-boss gives each run
   * to one working instance) and the digest mail.
   */
  async boot() {
    const { layoutData } = await import('#shared/http/layout_data')
    const { bellLayout } = await import('#realtime/services/bell_layout')
    layoutData.register(bellLayout)

    const { jobs } = await import('#shared/jobs/jobs')
    const { notificationDigest } = await import('#realtime/services/notification_digest')
    const { digestMails } = await import('#realtime/mails/notification_digest_mail')
    jobs.register(
      {
        name: 'notifications-digest',
        cron: '*/5 * * * *',
        handler: () => notificationDigest.sendDue(),
      },
      digestMails.job
    )
  }

  async ready() {
    if (!this.#active()) return
    const { wsServer } = await import('#realtime/ws/ws_server')
    const { wsHub } = await import('#realtime/ws/hub')
    await wsHub.start()

    const server = await this.app.container.make('server')
    const attach = (nodeServer: unknown) => wsServer.attach(nodeServer as HttpServer)
    const nodeServer = server.getNodeServer()
    if (nodeServer) {
      attach(nodeServer)
    } else {
      // the Japa test server is created after the app is ready: attach when it is set
      const setNodeServer = server.setNodeServer.bind(server)
      server.setNodeServer = (created) => {
        setNodeServer(created)
        attach(created)
      }
    }

    // The HTTP server's own terminating hook waits for every connection,
    // upgraded sockets included: close them first (hooks run in reverse).
    // Same for Transmit's SSE responses, which never finish by themselves:
    // browsers reconnect (to another instance) and catch up by id.
    const { liveNotifications } = await import('#realtime/services/live_notifications')
    this.app.terminating(() => {
      liveNotifications.stopStreaming()
      return wsServer.close()
    })
  }

  async shutdown() {
    if (!this.#active()) return
    const { wsServer } = await import('#realtime/ws/ws_server')
    const { wsHub } = await import('#realtime/ws/hub')
    await wsServer.close()
    await wsHub.stop()
  }
}

import type { Server as HttpServer } from 'node:http'
import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Puts the WebSocket server (app/realtime/ws) on the app's HTTP server and
 * its hub on Redis, and at shutdown ends every SSE stream and closes every
 * socket politely (1001).
 */
export default class RealtimeProvider {
  constructor(protected app: ApplicationService) {}

  /** Realtime's own part of the page layout: the header's bell. */
  async boot() {
    const { layoutData } = await import('#shared/http/layout_data')
    const { bellLayout } = await import('#realtime/services/bell_layout')
    layoutData.register(bellLayout)
  }

  #active() {
    return ['web', 'test'].includes(this.app.getEnvironment())
  }

  async ready() {
    if (!this.#active()) return
    const { wsServer } = await import('#realtime/ws/ws_server')
    const { wsHub } = await import('#realtime/ws/hub')
    await wsHub.start()
    await this.#startJobs()

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
      liveNotifications.endStreams()
      return wsServer.close()
    })
  }

  /**
   * The notification digest sweep runs on pg-boss every five minutes, in
   * every web instance (pg-boss gives each run to one of them); JOBS=off
   * keeps an instance out. Tests start jobs themselves when they need them.
   */
  async #startJobs() {
    const { jobs } = await import('#shared/jobs/jobs')
    const { notificationDigest } = await import('#realtime/services/notification_digest')
    jobs.register({
      name: 'notifications-digest',
      cron: '*/5 * * * *',
      handler: () => notificationDigest.sendDue(),
    })
    const { default: env } = await import('#start/env')
    if (this.app.getEnvironment() === 'web' && env.get('JOBS') !== 'off') {
      await jobs.start(env.get('DATABASE_URL'))
    }
  }

  async shutdown() {
    const { jobs } = await import('#shared/jobs/jobs')
    await jobs.stop()
    if (!this.#active()) return
    const { wsServer } = await import('#realtime/ws/ws_server')
    const { wsHub } = await import('#realtime/ws/hub')
    await wsServer.close()
    await wsHub.stop()
  }
}

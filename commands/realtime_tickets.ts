import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Mints WebSocket tickets through the app's own ticket service
 * (app/realtime/ws/tickets.ts), as POST /realtime/ws-ticket does for a
 * signed-in page but without its 30-a-minute throttle: what a load test
 * needs to open many sockets (`npm run bench:realtime`). Needs a shell on
 * the server (the app key, the database), so it grants nothing new.
 *
 *   node ace realtime:tickets master@example.com:3 apprentice@example.com --ttl=300
 *
 * Prints one JSON line: { "<email>": { "userId": 2, "tickets": ["…", …] }, … }.
 */
export default class RealtimeTickets extends BaseCommand {
  static commandName = 'realtime:tickets'
  static description = 'Mint WebSocket tickets for accounts (email[:count]), printed as JSON'
  static options: CommandOptions = { startApp: true }

  @args.spread({ description: 'Accounts as email[:count] (count 1 to 20000, default 1)' })
  declare accounts: string[]

  @flags.number({ description: 'Seconds each ticket stays valid (1 to 3600)', default: 60 })
  declare ttl: number

  async run() {
    const { default: User } = await import('#identity/models/user')
    const { wsTickets } = await import('#realtime/ws/tickets')
    const ttlSeconds = Number(this.ttl)
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 3600) {
      this.logger.error('--ttl must be a whole number of seconds from 1 to 3600')
      this.exitCode = 1
      return
    }

    const result: Record<string, { userId: number; tickets: string[] }> = {}
    for (const account of this.accounts) {
      const [email, countText = '1'] = account.trim().toLowerCase().split(':')
      const count = Number(countText)
      if (!Number.isInteger(count) || count < 1 || count > 20_000) {
        this.logger.error(`Invalid count in "${account}" (1 to 20000)`)
        this.exitCode = 1
        return
      }
      const user = await User.findBy('email', email)
      if (!user) {
        this.logger.error(`No account with the email ${email}`)
        this.exitCode = 1
        return
      }
      const tickets: string[] = []
      for (let i = 0; i < count; i++) {
        const { ticket } = await wsTickets.issue(user.id, user.locale, ttlSeconds * 1000)
        tickets.push(ticket)
      }
      result[email] = { userId: user.id, tickets }
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  }
}

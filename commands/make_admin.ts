import { BaseCommand, args } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Gives an existing account the admin staff role: how the first admin of a
 * fresh deployment is made (later admins are named in the admin screens).
 */
export default class MakeAdmin extends BaseCommand {
  static commandName = 'identity:make-admin'
  static description = 'Give an existing account (by email) the admin staff role'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Email address of the account' })
  declare email: string

  async run() {
    const { default: User } = await import('#identity/models/user')
    const user = await User.findBy('email', this.email.trim().toLowerCase())
    if (!user) {
      this.logger.error(`No account with the email ${this.email}`)
      this.exitCode = 1
      return
    }
    user.staffRole = 'admin'
    await user.save()
    this.logger.success(`${user.email} is now an admin`)
  }
}

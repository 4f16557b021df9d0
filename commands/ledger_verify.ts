import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Proves the ledger from its entries: every transaction sums to zero per
 * currency, every account's balance is the sum of its entries. Exits 1 and
 * lists what does not hold.
 */
export default class LedgerVerify extends BaseCommand {
  static commandName = 'ledger:verify'
  static description =
    'Check that every ledger transaction balances and every balance equals its entries'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { ledger } = await import('#payments/index')
    const problems = await ledger.verify()
    if (!problems.length) {
      this.logger.success(
        'the ledger balances: every transaction sums to zero, every balance equals its entries'
      )
      return
    }
    for (const problem of problems) {
      this.logger.error(
        problem.problem === 'unbalanced'
          ? `transaction ${problem.transactionId} sums to ${problem.sum} ${problem.currency}`
          : `account ${problem.accountId} holds ${problem.balance}, its entries sum to ${problem.entries}`
      )
    }
    this.exitCode = 1
  }
}

import type { StatementRow } from '#payments/services/income_report'
import { plainYuan } from '#payments/services/money'

/** A text a spreadsheet would run as a formula (=, +, -, @, or a tab or return first). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A CSV cell: quoted when it must be, and text that could start a formula
 * prefixed with ' (CSV injection: a course title like "=HYPERLINK(…)").
 * The amounts are ours, plain numbers ("-3.07" is a number, not a formula).
 */
export function csvCell(value: string) {
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** The statement as CSV (UTF-8 with a BOM, so spreadsheets read the Chinese right; CRLF lines). */
export function statementCsv(
  rows: StatementRow[],
  headings: string[],
  formatDate: (at: Date) => string
) {
  const lines = [headings.map(csvCell).join(',')]
  for (const row of rows) {
    const text = [formatDate(row.at), row.orderNumber, row.title].map(csvCell)
    const amounts = [row.gross, row.fee, row.net, row.refunded].map(plainYuan)
    lines.push([...text, ...amounts].join(','))
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

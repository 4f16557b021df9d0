import type { MonthEarnings } from '#payments/services/income_report'

const WIDTH = 640
const HEIGHT = 220
const LEFT = 8
const BOTTOM = 24
const TOP = 16

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (char) => ESCAPES[char])
const round = (value: number) => String(Math.round(value * 10) / 10)

/**
 * The net earnings of each month as columns (server-rendered SVG, no
 * script): heights scaled to the largest month, a negative month (more
 * refunded than sold) drawn as nothing; the page's table beside it has
 * every number. Labels and titles are escaped.
 */
export function earningsChart(
  months: MonthEarnings[],
  text: { title: string; description: string; amount: (fen: number) => string }
) {
  const top = Math.max(1, ...months.map((month) => month.net))
  const slot = (WIDTH - LEFT) / Math.max(1, months.length)
  const plot = HEIGHT - BOTTOM - TOP
  const parts = [
    `<svg class="income-chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" ` +
      `aria-labelledby="income-chart-title income-chart-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="income-chart-title">${escapeXml(text.title)}</title>`,
    `<desc id="income-chart-desc">${escapeXml(text.description)}</desc>`,
    `<line class="income-chart-base" x1="${LEFT}" x2="${WIDTH}" y1="${HEIGHT - BOTTOM}" y2="${HEIGHT - BOTTOM}"/>`,
  ]
  months.forEach((month, index) => {
    const height = (Math.max(0, month.net) / top) * plot
    const x = LEFT + index * slot
    const label = `${month.month}: ${text.amount(month.net)}`
    parts.push(
      `<rect class="income-chart-bar" x="${round(x + slot * 0.15)}" y="${round(HEIGHT - BOTTOM - height)}" ` +
        `width="${round(slot * 0.7)}" height="${round(height)}"><title>${escapeXml(label)}</title></rect>`,
      `<text class="income-chart-label" x="${round(x + slot / 2)}" y="${HEIGHT - 6}" text-anchor="middle">` +
        `${escapeXml(month.month.slice(2))}</text>`
    )
  })
  return parts.join('') + '</svg>'
}

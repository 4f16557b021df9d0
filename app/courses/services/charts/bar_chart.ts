import { escapeXml, round, safeValue, svgOpen, type ChartFrame } from '#courses/services/charts/svg'

export type Bar = {
  label: string
  /** a share, 0 to 1 */ share: number
  /** what is written at its end */ text: string
}

export type BarChart = ChartFrame & { bars: Bar[] }

const ROW = 26
const LABEL = 180
const VALUE = 56
/** Characters of a label drawn before it is cut (the table beside the chart has it whole). */
const LABEL_CHARS = 16

const cut = (label: string) => {
  const chars = [...label]
  return chars.length <= LABEL_CHARS ? label : `${chars.slice(0, LABEL_CHARS - 1).join('')}…`
}

/**
 * Horizontal bars of shares in a fixed order (lessons in syllabus order:
 * the drop-off; quiz pass rates): each bar's length is its share of the full
 * width, labelled on the left, its value written on the right.
 */
export function barChart(chart: BarChart) {
  const width = chart.width ?? 640
  const height = Math.max(1, chart.bars.length) * ROW + 4
  const plot = width - LABEL - VALUE
  const parts = [svgOpen(chart.id, width, height, chart.title, chart.description)]
  chart.bars.forEach((bar, index) => {
    const share = Math.min(1, safeValue(bar.share))
    const y = index * ROW + 4
    parts.push(
      `<text class="chart-label" x="${LABEL - 6}" y="${y + 15}" text-anchor="end">${escapeXml(cut(bar.label))}</text>`,
      `<rect class="chart-track" x="${LABEL}" y="${y + 2}" width="${plot}" height="${ROW - 8}"/>`,
      `<rect class="chart-bar" x="${LABEL}" y="${y + 2}" width="${round(share * plot)}" height="${ROW - 8}"><title>${escapeXml(bar.label)}: ${escapeXml(bar.text)}</title></rect>`,
      `<text class="chart-value" x="${width - VALUE + 6}" y="${y + 15}">${escapeXml(bar.text)}</text>`
    )
  })
  return parts.join('') + '</svg>'
}

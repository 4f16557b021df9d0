import {
  AXIS,
  escapeXml,
  round,
  svgOpen,
  timeGrid,
  type TimeFrame,
} from '#courses/services/charts/svg'

export type LinePoint = {
  label: string
  /** null: nothing in that period (a gap) */
  value: number | null
}

export type LineChart = TimeFrame & {
  points: LinePoint[]
  /** The value axis, e.g. 1 to 5 stars. */
  min: number
  max: number
}

/**
 * A value over time on a fixed scale (the mean rating per month): a line
 * through the periods that have a value, broken where one has none, a dot
 * on each value.
 */
export function lineChart(chart: LineChart) {
  const grid = timeGrid(chart, chart.points.length, 180)
  const span = chart.max - chart.min || 1
  const xOf = (index: number) => AXIS + index * grid.slot + grid.slot / 2
  const yOf = (value: number) => {
    const clamped = Math.min(chart.max, Math.max(chart.min, value))
    return grid.baseline - ((clamped - chart.min) / span) * grid.plotHeight
  }
  const has = (point: LinePoint): point is { label: string; value: number } =>
    point.value !== null && Number.isFinite(point.value)
  const parts = [svgOpen(chart.id, grid.width, grid.height, chart.title, chart.description)]
  parts.push(grid.axes(chart.max, chart.min))
  // one path; a period without a value starts a new piece
  let path = ''
  let drawing = false
  chart.points.forEach((point, index) => {
    if (has(point)) path += `${drawing ? 'L' : 'M'}${round(xOf(index))} ${round(yOf(point.value))}`
    drawing = has(point)
  })
  if (path) parts.push(`<path class="chart-line" d="${path}"/>`)
  chart.points.forEach((point, index) => {
    if (has(point)) {
      parts.push(
        `<circle class="chart-dot" cx="${round(xOf(index))}" cy="${round(yOf(point.value))}" r="3"><title>${escapeXml(point.label)}: ${round(point.value)}</title></circle>`
      )
    }
    parts.push(grid.label(index, point.label, xOf(index)))
  })
  return parts.join('') + '</svg>'
}

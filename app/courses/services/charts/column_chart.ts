import {
  AXIS,
  escapeXml,
  niceMax,
  round,
  safeValue,
  svgOpen,
  timeGrid,
  type TimeFrame,
} from '#courses/services/charts/svg'

export type Column = { label: string; value: number }

export type ColumnChart = TimeFrame & { columns: Column[] }

/**
 * Columns over time (enrollments per day or week): heights scaled to a
 * rounded maximum, a baseline, the maximum and zero on the axis, labels
 * under the columns. Pure: numbers in, SVG markup out.
 */
export function columnChart(chart: ColumnChart) {
  const columns = chart.columns
  const grid = timeGrid(chart, columns.length, 200)
  const top = niceMax(Math.max(0, ...columns.map((column) => safeValue(column.value))))
  const barWidth = Math.max(1, grid.slot * 0.7)
  const parts = [svgOpen(chart.id, grid.width, grid.height, chart.title, chart.description)]
  parts.push(grid.axes(top, 0))
  columns.forEach((column, index) => {
    const value = safeValue(column.value)
    const barHeight = (value / top) * grid.plotHeight
    const x = AXIS + index * grid.slot + (grid.slot - barWidth) / 2
    parts.push(
      `<rect class="chart-bar" x="${round(x)}" y="${round(grid.baseline - barHeight)}" ` +
        `width="${round(barWidth)}" height="${round(barHeight)}"><title>${escapeXml(column.label)}: ${value}</title></rect>`,
      grid.label(index, column.label, x + barWidth / 2)
    )
  })
  return parts.join('') + '</svg>'
}

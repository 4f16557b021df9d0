/*
| What the server-rendered charts share: escaping (labels are course and
| lesson titles: user text) and a readable axis maximum.
*/

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for SVG markup, in an element or an attribute. */
export function escapeXml(text: string) {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char])
}

/** A number as drawn: at most two decimals, no float noise ("0.1 + 0.2" → "0.3"). */
export function round(value: number) {
  return String(Math.round(value * 100) / 100)
}

/**
 * The axis maximum for values up to `max`: the next 1, 2 or 5 × 10ⁿ at or
 * above it (at least 1, so an all-zero chart still has an axis).
 */
export function niceMax(max: number) {
  if (!Number.isFinite(max) || max <= 1) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power
  }
  return 10 * power
}

/** Finite and not negative: what a count or a share may be. */
export const safeValue = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0)

/** The opening of an accessible chart: role="img", named by its title, described by its summary. */
export function svgOpen(
  id: string,
  width: number,
  height: number,
  title: string,
  description: string
) {
  const safeId = id.replace(/[^\w-]/g, '')
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `preserveAspectRatio="xMinYMin meet" aria-labelledby="${safeId}-title ${safeId}-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${safeId}-title">${escapeXml(title)}</title>` +
    `<desc id="${safeId}-desc">${escapeXml(description)}</desc>`
  )
}

/** What every chart is given besides its numbers. */
export type ChartFrame = {
  /** Unique on the page: the ids of the chart's title and description derive from it. */
  id: string
  title: string
  /** One sentence summing the chart up for screen readers (the table beside it has the numbers). */
  description: string
  width?: number
}

/** A chart over periods: its size and how many labels fit under it. */
export type TimeFrame = ChartFrame & {
  height?: number
  /** Show every nth label under the periods (all of them when they fit). */
  labelEvery?: number
}

/** Room for the value axis (left), the period labels (below) and above the plot. */
export const AXIS = 28
const FOOT = 22
const TOP = 8

/**
 * The layout of a chart over `count` periods: its size, each period's slot,
 * the baseline, and the two axes' marks and the labels under the periods.
 */
export function timeGrid(chart: TimeFrame, count: number, defaultHeight: number) {
  const width = chart.width ?? 640
  const height = chart.height ?? defaultHeight
  const plotHeight = height - FOOT - TOP
  const slot = count ? (width - AXIS) / count : width - AXIS
  const baseline = TOP + plotHeight
  const every = Math.max(1, chart.labelEvery ?? 1)
  return {
    width,
    height,
    top: TOP,
    plotHeight,
    slot,
    baseline,
    /** the value axis from `low` to `high`, a dashed line at the top and the baseline */
    axes: (high: number, low: number) =>
      `<text class="chart-axis" x="${AXIS - 4}" y="${TOP + 10}" text-anchor="end">${high}</text>` +
      `<text class="chart-axis" x="${AXIS - 4}" y="${baseline}" text-anchor="end">${low}</text>` +
      `<line class="chart-grid" x1="${AXIS}" y1="${TOP}" x2="${width}" y2="${TOP}"/>` +
      `<line class="chart-base" x1="${AXIS}" y1="${baseline}" x2="${width}" y2="${baseline}"/>`,
    /** the label under period `index` centred on `x`, if it is one of those shown */
    label: (index: number, text: string, x: number) =>
      index % every === 0
        ? `<text class="chart-label" x="${round(x)}" y="${height - 6}" text-anchor="middle">${escapeXml(text)}</text>`
        : '',
  }
}

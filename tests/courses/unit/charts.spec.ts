import { test } from '@japa/runner'
import { columnChart } from '#courses/services/charts/column_chart'
import { barChart } from '#courses/services/charts/bar_chart'
import { lineChart } from '#courses/services/charts/line_chart'
import { escapeXml, niceMax } from '#courses/services/charts/svg'

const heights = (svg: string) =>
  [...svg.matchAll(/<rect class="chart-bar"[^>]* height="([\d.]+)"/g)].map((m) => Number(m[1]))
const widths = (svg: string) =>
  [...svg.matchAll(/<rect class="chart-bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]))

const base = { id: 'c', title: 'Enrollments', description: 'Ten in all' }

test.group('Charts (server-rendered SVG)', () => {
  test('column heights scale with their values against a rounded maximum', ({ assert }) => {
    const svg = columnChart({
      ...base,
      columns: [
        { label: 'a', value: 2 },
        { label: 'b', value: 4 },
        { label: 'c', value: 8 },
        { label: 'd', value: 0 },
      ],
    })
    const [a, b, c, d] = heights(svg)
    assert.closeTo(b / a, 2, 0.01)
    assert.closeTo(c / a, 4, 0.01)
    assert.equal(d, 0)
    // 8 is drawn against an axis of 10: the tallest column is 80 % of the plot
    assert.include(svg, '>10</text>')
    assert.closeTo(c, 0.8 * (200 - 22 - 8), 0.01)
  })

  test('an accessible image: role, title and description tied by aria-labelledby', ({ assert }) => {
    const svg = columnChart({ ...base, columns: [{ label: 'a', value: 1 }] })
    assert.match(svg, /^<svg [^>]*role="img"/)
    assert.include(svg, 'aria-labelledby="c-title c-desc"')
    assert.include(svg, '<title id="c-title">Enrollments</title>')
    assert.include(svg, '<desc id="c-desc">Ten in all</desc>')
    assert.isTrue(svg.endsWith('</svg>'))
  })

  test('empty data draws an axis and no bar, and never divides by zero', ({ assert }) => {
    for (const svg of [
      columnChart({ ...base, columns: [] }),
      columnChart({ ...base, columns: [{ label: 'a', value: 0 }] }),
      barChart({ ...base, bars: [] }),
      lineChart({ ...base, points: [], min: 1, max: 5 }),
    ]) {
      assert.notMatch(svg, /NaN|Infinity/)
      assert.isTrue(svg.endsWith('</svg>'))
    }
    assert.deepEqual(heights(columnChart({ ...base, columns: [] })), [])
    assert.deepEqual(heights(columnChart({ ...base, columns: [{ label: 'a', value: 0 }] })), [0])
  })

  test('one point is drawn whole: a full-height column, a dot on the line', ({ assert }) => {
    const column = columnChart({ ...base, columns: [{ label: 'only', value: 1 }] })
    assert.deepEqual(heights(column), [200 - 22 - 8])
    const line = lineChart({ ...base, points: [{ label: 'Nov', value: 4.5 }], min: 1, max: 5 })
    assert.lengthOf([...line.matchAll(/<circle /g)], 1)
    assert.include(line, 'd="M')
    assert.notInclude(line, 'L')
  })

  test('bars are the share of the full width, clamped to it; bad numbers draw nothing', ({
    assert,
  }) => {
    const svg = barChart({
      ...base,
      bars: [
        { label: 'one', share: 1, text: '100%' },
        { label: 'half', share: 0.5, text: '50%' },
        { label: 'over', share: 3, text: '300%' },
        { label: 'bad', share: Number.NaN, text: '?' },
        { label: 'negative', share: -1, text: '-' },
      ],
    })
    const [one, half, over, bad, negative] = widths(svg)
    assert.closeTo(half / one, 0.5, 0.001)
    assert.equal(over, one)
    assert.equal(bad, 0)
    assert.equal(negative, 0)
  })

  test('labels are escaped: a lesson title cannot write markup into the chart', ({ assert }) => {
    const evil = '<script>alert(1)</script>" onload="x'
    const svgs = [
      columnChart({
        ...base,
        title: evil,
        description: evil,
        columns: [{ label: evil, value: 1 }],
      }),
      barChart({ ...base, bars: [{ label: evil, share: 0.5, text: evil }] }),
      lineChart({ ...base, points: [{ label: evil, value: 3 }], min: 1, max: 5 }),
    ]
    for (const svg of svgs) {
      assert.notInclude(svg, '<script')
      assert.notInclude(svg, '" onload="')
      assert.include(svg, '&lt;script&gt;')
    }
    assert.equal(escapeXml(`a&b<c>"d'`), 'a&amp;b&lt;c&gt;&quot;d&#39;')
  })

  test('a long label is cut in the drawing (the table beside it has it whole)', ({ assert }) => {
    const svg = barChart({
      ...base,
      bars: [{ label: '一二三四五六七八九十一二三四五六七八九十', share: 1, text: '1' }],
    })
    assert.include(svg, '>一二三四五六七八九十一二三四五…</text>')
  })

  test('the line breaks where a period has no value', ({ assert }) => {
    const svg = lineChart({
      ...base,
      points: [
        { label: 'a', value: 4 },
        { label: 'b', value: 5 },
        { label: 'c', value: null },
        { label: 'd', value: 3 },
      ],
      min: 1,
      max: 5,
    })
    const path = svg.match(/<path class="chart-line" d="([^"]+)"/)![1]
    assert.lengthOf(path.match(/M/g)!, 2)
    assert.lengthOf(path.match(/L/g)!, 1)
    assert.lengthOf([...svg.matchAll(/<circle /g)], 3)
  })

  test('the axis maximum is the next 1, 2 or 5 × 10ⁿ', ({ assert }) => {
    assert.equal(niceMax(0), 1)
    assert.equal(niceMax(1), 1)
    assert.equal(niceMax(3), 5)
    assert.equal(niceMax(7), 10)
    assert.equal(niceMax(11), 20)
    assert.equal(niceMax(150), 200)
    assert.equal(niceMax(Number.NaN), 1)
  })
})

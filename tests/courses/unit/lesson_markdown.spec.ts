import { test } from '@japa/runner'
import { lessonMarkdown } from '#courses/services/lesson_markdown'

const OUR_IMAGE = '/courses/images/0b6f5a6e-3f0e-4b8e-9d7a-1c2b3d4e5f60-800x600'

/** The tags a lesson may hold, and what each attribute may say. */
const TAGS = new Set(
  'p br hr h2 h3 h4 h5 h6 blockquote ul ol li pre code em strong s a img table thead tbody tr th td'.split(
    ' '
  )
)
/** A link as a browser resolves it (the WHATWG URL parser, as in browsers) is http(s) or mailto. */
const safeHref = (href: string) =>
  ['http:', 'https:', 'mailto:'].includes(new URL(href, 'https://masterguide.test/x/').protocol)

/**
 * Every real tag of the output (text is escaped, so each "<" opens one) and
 * its attributes: only allowed tags, no handlers, no scheme but http(s) and
 * mailto, images from our own route only. Escaped text like "&lt;script" is
 * harmless and passes.
 */
function problemsIn(html: string) {
  const problems: string[] = []
  if (html.includes('<!--')) problems.push('a comment')
  for (const [, tag, rest] of html.matchAll(/<\/?([a-zA-Z0-9-]+)([^>]*)>/g)) {
    if (!TAGS.has(tag.toLowerCase())) problems.push(`tag ${tag}`)
    for (const [, name, value] of rest.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      const decoded = (value ?? '')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
      if (/^on/i.test(name)) problems.push(`handler ${name}`)
      if (name === 'style' && !/^text-align:(left|right|center)$/.test(decoded))
        problems.push(`style ${decoded}`)
      if (name === 'href' && !safeHref(decoded)) problems.push(`href ${decoded}`)
      if (name === 'src' && !decoded.startsWith('/courses/images/')) problems.push(`src ${decoded}`)
    }
  }
  return problems
}

const CORPUS: Record<string, string> = {
  'a script tag': '<script>alert(1)</script>',
  'a script tag in a paragraph': 'hello <script src="//evil.test/x.js"></script> world',
  'an inline link to javascript:': '[click](javascript:alert(1))',
  'an upper-case JavaScript: link': '[click](JaVaScRiPt:alert(1))',
  'a javascript: link with spaces and tabs': '[click](  java\tscript:alert(1))',
  'a javascript: link in angle brackets': '[click](<javascript:alert(1)>)',
  'an autolink to javascript:': '<javascript:alert(1)>',
  'a reference link to javascript:': '[click][x]\n\n[x]: javascript:alert(1)',
  'a reference link with a title': '[click][x]\n\n[x]: javascript:alert(1) "title"',
  'an entity-encoded scheme': '[click](&#106;avascript:alert(1))',
  'a hex entity-encoded scheme': '[click](&#x6A;&#x61;vascript:alert(1))',
  'a named-entity colon': '[click](javascript&colon;alert(1))',
  'a percent-encoded scheme': '[click](%6Aavascript:alert(1))',
  'a vbscript: link': '[click](vbscript:msgbox(1))',
  'a data: link': '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  'a data: image': '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  'a data: png image': '![x](data:image/png;base64,iVBORw0KGgo=)',
  'a javascript: image': '![x](javascript:alert(1))',
  'an image on another host': '![cat](https://evil.test/cat.png)',
  'a protocol-relative image': '![cat](//evil.test/cat.png)',
  'an image with a look-alike path': '![cat](/courses/images/../../admin)',
  'an event handler in raw HTML': '<img src=x onerror=alert(1)>',
  'an event handler in a link title': '[a](https://ok.test "x\\" onmouseover=\\"alert(1)")',
  'an SVG with a script': '<svg><script>alert(1)</script></svg>',
  'an SVG with onload': '<svg onload=alert(1)>',
  'an iframe': '<iframe src="https://evil.test"></iframe>',
  'an HTML comment': '<!-- <script>alert(1)</script> -->',
  'a style tag': '<style>body{display:none}</style>',
  'nested markup across Markdown': '**<scr**ipt>alert(1)</script>',
  'a link inside an image alt': '![[x](javascript:alert(1))](https://evil.test/a.png)',
  'an object tag': '<object data="javascript:alert(1)"></object>',
  'a form': '<form action="javascript:alert(1)"><button>go</button></form>',
  'a file: link': '[f](file:///etc/passwd)',
  'a linkified bare javascript URL': 'see javascript:alert(1) now',
  'a code span holding HTML': '`<script>alert(1)</script>`',
  'a fenced block with a hostile language': '```"><script>alert(1)</script>\ncode\n```',
  'a table cell with a handler': '| a |\n|---|\n| <b onclick=alert(1)>x</b> |',
}

test.group('Lesson Markdown: the XSS corpus', () => {
  test('{$i}: {name} is neutralised')
    .with(Object.entries(CORPUS).map(([name, source]) => ({ name, source })))
    .run(({ assert }, { source }) => {
      const html = lessonMarkdown.render(source)
      assert.deepEqual(problemsIn(html), [], html)
    })
})

test.group('Lesson Markdown: what it keeps', () => {
  test('headings start below the page title, emphasis and lists stay', ({ assert }) => {
    const html = lessonMarkdown.render('# 揉泥\n\n**重要** *轻*\n\n- 一\n- 二\n\n1. a\n2. b')
    assert.include(html, '<h2>揉泥</h2>')
    assert.include(html, '<strong>重要</strong>')
    assert.include(html, '<em>轻</em>')
    assert.include(html, '<ul>\n<li>一</li>')
    assert.include(html, '<ol>')
  })

  test('links keep http(s) and relative addresses and get rel="nofollow noopener noreferrer"', ({
    assert,
  }) => {
    const html = lessonMarkdown.render(
      '[a](https://example.com/x?y=1) [b](/courses/1) <https://ok.test>'
    )
    assert.include(
      html,
      '<a href="https://example.com/x?y=1" rel="nofollow noopener noreferrer">a</a>'
    )
    assert.include(html, '<a href="/courses/1" rel="nofollow noopener noreferrer">b</a>')
    assert.include(html, '<a href="https://ok.test" rel="nofollow noopener noreferrer">')
  })

  test('a refused link keeps its words', ({ assert }) => {
    const html = lessonMarkdown.render('[点这里](javascript:alert(1))')
    assert.include(html, '点这里')
    assert.notInclude(html, '<a')
  })

  test('our own images are sized and lazy; other images become links, never loaded', ({
    assert,
  }) => {
    const ours = lessonMarkdown.render(`![拉坯](${OUR_IMAGE})`)
    assert.include(
      ours,
      `<img src="${OUR_IMAGE}" alt="拉坯" width="800" height="600" loading="lazy" decoding="async" />`
    )
    const theirs = lessonMarkdown.render('![cat](https://example.com/cat.png)')
    assert.notInclude(theirs, '<img')
    assert.include(
      theirs,
      '<a href="https://example.com/cat.png" rel="nofollow noopener noreferrer">cat</a>'
    )
  })

  test('raw HTML is shown as text, code keeps its language class', ({ assert }) => {
    assert.include(lessonMarkdown.render('a <b>bold</b>'), 'a &lt;b&gt;bold&lt;/b&gt;')
    assert.include(lessonMarkdown.render('```js\nx\n```'), '<code class="language-js">')
  })

  test('table alignment survives, other styles do not', ({ assert }) => {
    const html = lessonMarkdown.render('| a |\n|--:|\n| 1 |')
    assert.include(html, '<th style="text-align:right">a</th>')
  })
})

test.group('Lesson Markdown: reading time', () => {
  test('nothing takes no time; a short text a minute; Chinese at 300 characters a minute', ({
    assert,
  }) => {
    assert.equal(lessonMarkdown.readingSeconds(''), 0)
    assert.equal(lessonMarkdown.readingSeconds('  \n'), 0)
    assert.equal(lessonMarkdown.readingSeconds('短'), 60)
    assert.equal(lessonMarkdown.readingSeconds('陶'.repeat(900)), 180)
    assert.equal(lessonMarkdown.readingSeconds('word '.repeat(400)), 120)
  })
})

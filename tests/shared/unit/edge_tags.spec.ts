import { test } from '@japa/runner'
import { readdir, readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'

/**
 * Edge reads a tag (`@if(…)`, `@!badge(…)`, `@field.root(…)`) only at the
 * start of a line: after other text on its line it is printed as it is, so
 * a page shows "@!linkButton({ href: … })" where its button should be.
 */
const TAG_AFTER_TEXT = /\S[^\n]*?(?<![\w@.:-])(@!?[a-zA-Z][\w.]*\()/

/** The tags in a template that follow other text on their line, as "line: tag(". */
export function tagsAfterText(template: string) {
  const found: string[] = []
  const lines = template
    // comments and interpolations may say anything
    .replaceAll(/\{\{--[\s\S]*?--\}\}/g, (comment) => comment.replaceAll(/[^\n]/g, ' '))
    .replaceAll(/\{\{\{?[^\n]*?\}?\}\}/g, (output) => ' '.repeat(output.length))
    .split('\n')
  lines.forEach((line, index) => {
    const match = line.match(TAG_AFTER_TEXT)
    if (match) found.push(`${index + 1}: ${match[1]}`)
  })
  return found
}

async function templates(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.edge'))
    .map((entry) => `${entry.parentPath}/${entry.name}`)
}

test.group('Edge templates', () => {
  test('a tag after text on its line is found; one on its own line, an email, Alpine are not', ({
    assert,
  }) => {
    assert.deepEqual(tagsAfterText('<p>@!linkButton({ href: "/" })</p>'), ['1: @!linkButton('])
    assert.deepEqual(tagsAfterText('<h1>\n  x @field.root({ name })\n</h1>'), ['2: @field.root('])
    assert.deepEqual(
      tagsAfterText(
        [
          '  @if(open)',
          '    @!badge({ text })',
          '<a href="mailto:a@example.com">a@example.com</a>',
          '<button @click="toggle()">',
          '{{-- <p>@!old(x)</p> --}}',
          '<p>{{ t("x", { at: "@x(" }) }}</p>',
        ].join('\n')
      ),
      []
    )
  })

  test('every tag in resources/views starts its line', async ({ assert }) => {
    const problems: string[] = []
    for (const path of await templates(app.makePath('resources/views'))) {
      const found = tagsAfterText(await readFile(path, 'utf8'))
      const name = path.slice(app.makePath('resources/views').length + 1)
      problems.push(...found.map((where) => `${name}:${where}`))
    }
    assert.deepEqual(problems, [])
  })
})

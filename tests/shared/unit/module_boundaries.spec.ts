import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

function cruise() {
  const result = spawnSync(
    process.execPath,
    [
      app.makePath('node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'),
      'app',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ],
    { cwd: app.makePath(), encoding: 'utf8' }
  )
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

test.group('Module boundaries', () => {
  test('no module imports another module except through its index.ts', ({ assert }) => {
    const { status, output } = cruise()
    assert.equal(status, 0, output)
  }).timeout(60_000)

  test('a reach into another module internals is reported', ({ assert }) => {
    const probe = app.makePath('app/zz_boundary_probe')
    mkdirSync(probe, { recursive: true })
    writeFileSync(
      `${probe}/reach.ts`,
      "import { accountService } from '#identity/services/account_service'\nexport const reach = accountService\n"
    )
    try {
      const { status, output } = cruise()
      assert.notEqual(status, 0)
      assert.include(output, 'module-internals')
    } finally {
      rmSync(probe, { recursive: true, force: true })
    }
  }).timeout(60_000)
})

import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import app from '@adonisjs/core/services/app'

/** dependency-cruiser over everything that imports app code, with the rules of .dependency-cruiser.cjs. */
function cruise() {
  const result = spawnSync(
    process.execPath,
    [
      app.makePath('node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'),
      'app',
      'database',
      'start',
      'providers',
      'commands',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ],
    { cwd: app.makePath(), encoding: 'utf8' }
  )
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

/**
 * One file (or pair) per rule that breaks exactly that rule, and the line the
 * report must carry for it: `<rule>: <from> → <to>`.
 */
const PROBES: { rule: string; files: Record<string, string>; reported: string }[] = [
  {
    rule: 'module-internals',
    files: {
      'app/chat/zz_probe_internals.ts':
        "import { accountService } from '#identity/services/account_service'\nexport const probe = accountService\n",
    },
    reported: 'app/chat/zz_probe_internals.ts → app/identity/services/account_service.ts',
  },
  {
    rule: 'layers-realtime',
    files: {
      'app/realtime/zz_probe_upward.ts':
        "import { fieldCatalogue } from '#identity/index'\nexport const probe = fieldCatalogue\n",
    },
    reported: 'app/realtime/zz_probe_upward.ts → app/identity/index.ts',
  },
  {
    rule: 'layers-identity',
    files: {
      'app/identity/zz_probe_upward.ts':
        "import { chatService } from '#chat/index'\nexport const probe = chatService\n",
    },
    reported: 'app/identity/zz_probe_upward.ts → app/chat/index.ts',
  },
  {
    rule: 'layers-payments',
    files: {
      'app/payments/zz_probe_sideways.ts':
        "import { chatService } from '#chat/index'\nexport const probe = chatService\n",
    },
    reported: 'app/payments/zz_probe_sideways.ts → app/chat/index.ts',
  },
  {
    rule: 'shared-imports-no-module',
    files: {
      'app/shared/zz_probe_module.ts':
        "import { notificationService } from '#realtime/index'\nexport const probe = notificationService\n",
    },
    reported: 'app/shared/zz_probe_module.ts → app/realtime/index.ts',
  },
  {
    rule: 'unknown-module',
    files: {
      'app/zz_probe_unknown/stray.ts':
        "import { safeBackPath } from '#shared/http/safe_back_path'\nexport const probe = safeBackPath\n",
    },
    reported: 'app/zz_probe_unknown/stray.ts → app/shared/http/safe_back_path.ts',
  },
  {
    rule: 'app-not-into-seeders',
    files: {
      'app/identity/zz_probe_seeder.ts':
        "import DemoSeeder from '#database/seeders/demo_seeder'\nexport const probe = DemoSeeder\n",
    },
    reported: 'app/identity/zz_probe_seeder.ts → database/seeders/demo_seeder.ts',
  },
  {
    rule: 'app-not-into-composition-root',
    files: {
      'app/identity/zz_probe_root.ts':
        "import { policies } from '#start/policies'\nexport const probe = policies\n",
    },
    reported: 'app/identity/zz_probe_root.ts → start/policies.ts',
  },
  {
    rule: 'no-cycles',
    files: {
      'app/chat/zz_probe_cycle_a.ts':
        "import { b } from '#chat/zz_probe_cycle_b'\nexport const a = () => b\n",
      'app/chat/zz_probe_cycle_b.ts':
        "import { a } from '#chat/zz_probe_cycle_a'\nexport const b = () => a\n",
    },
    reported: 'app/chat/zz_probe_cycle_a.ts',
  },
]

test.group('Module boundaries', () => {
  test('every import respects the layers, the public surfaces and the composition root', ({
    assert,
  }) => {
    const { status, output } = cruise()
    assert.equal(status, 0, output)
  }).timeout(60_000)

  test('each rule reports a probe that breaks it', ({ assert }) => {
    const created: string[] = []
    const write = (path: string, text: string) => {
      const full = app.makePath(path)
      if (existsSync(full)) throw new Error(`${path} exists: the probe would overwrite it`)
      mkdirSync(dirname(full), { recursive: true })
      writeFileSync(full, text)
      created.push(full)
    }
    // a module of the layering that has no code yet gets an index.ts for the probe's import
    const paymentsFolder = existsSync(app.makePath('app/payments'))
    try {
      if (!existsSync(app.makePath('app/payments/index.ts'))) {
        write('app/payments/index.ts', 'export const probe = 1\n')
      }
      for (const probe of PROBES) {
        for (const [path, text] of Object.entries(probe.files)) write(path, text)
      }
      const { status, output } = cruise()
      assert.notEqual(status, 0)
      const lines = output.replace(/\n\s+/g, ' ')
      for (const probe of PROBES) {
        assert.include(lines, `${probe.rule}: ${probe.reported}`, `${probe.rule} did not fire`)
      }
    } finally {
      for (const file of created.reverse()) rmSync(file, { force: true })
      for (const folder of ['app/zz_probe_unknown', ...(paymentsFolder ? [] : ['app/payments'])]) {
        rmSync(app.makePath(folder), { recursive: true, force: true })
      }
    }
  }).timeout(60_000)
})

import { test } from '@japa/runner'
import { existsSync, readdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { buildIfStale } from '../../../bin/build_if_stale.js'

/**
 * A production install runs `npm ci --omit=dev` in build/, whose postinstall
 * (patch-package) applies what it finds in build/patches: every patch of the
 * project must be there, or production runs the unpatched packages.
 */
test.group('Production build', () => {
  test('carries every patch-package patch, for the install in build/', ({ assert }) => {
    buildIfStale(`${app.makePath()}/`, 'ignore')
    const patches = readdirSync(app.makePath('patches'))
    assert.isNotEmpty(patches)
    for (const patch of patches) {
      assert.isTrue(existsSync(app.makePath('build/patches', patch)), `build/patches/${patch}`)
    }
  })
})

/*
| Builds the app (node ace build) when build/ is missing or older than any
| source. Used by `npm start` and by the page-weight test, which must measure
| the production assets.
*/
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'

const SOURCES = ['app', 'bin', 'config', 'database', 'providers', 'resources', 'start', 'adonisrc.ts', 'package.json', 'patches', 'vite.config.ts']

function newest(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(`${path}/${name}`)), stat.mtimeMs)
}

/** @param {string} root the project folder, ending with a slash */
export function buildIfStale(root, stdio = 'inherit') {
  const server = `${root}build/bin/server.js`
  const built = existsSync(server) ? statSync(server).mtimeMs : 0
  const stale = SOURCES.some((source) => existsSync(`${root}${source}`) && newest(`${root}${source}`) > built)
  if (!stale) return
  const build = spawnSync(process.execPath, ['ace', 'build'], { cwd: root, stdio })
  if (build.status !== 0) throw new Error(`node ace build failed with status ${build.status}`)
}

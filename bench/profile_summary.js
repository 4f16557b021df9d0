/*
| Top costs of a V8 CPU profile (node --cpu-prof): self time by function and
| by package. Usage: node bench/profile_summary.js <file.cpuprofile> [count]
*/
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

function packageOf(url) {
  if (!url) return '(native/V8)'
  if (url.startsWith('node:')) return url.split('/')[0]
  const modules = url.lastIndexOf('/node_modules/')
  if (modules !== -1) {
    const parts = url.slice(modules + 14).split('/')
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
  }
  const build = url.indexOf('/build/')
  return build !== -1
    ? `app: ${url
        .slice(build + 7)
        .split('/')
        .slice(0, 2)
        .join('/')}`
    : url
}

export function summarizeProfile(file, count = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const total = profile.samples.length
  const byFunction = new Map()
  const byPackage = new Map()
  for (const node of profile.nodes) {
    if (!node.hitCount) continue
    const { functionName, url, lineNumber } = node.callFrame
    const where = url
      ? `${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/build\//, '')}:${lineNumber + 1}`
      : ''
    const name = `${functionName || '(anonymous)'} ${where}`.trim()
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.hitCount)
    const pkg = packageOf(url)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.hitCount)
  }
  const pct = (hits) => Math.round((hits / total) * 1000) / 10
  const top = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, selfPercent: pct(hits) }))
  const packages = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, hits]) => ({ name, selfPercent: pct(hits) }))
  const text = [
    'self time by function:',
    ...top.map((row) => `  ${String(row.selfPercent).padStart(5)} %  ${row.name}`),
    'self time by package:',
    ...packages.map((row) => `  ${String(row.selfPercent).padStart(5)} %  ${row.name}`),
  ].join('\n')
  return { top, packages, text }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25)).text)
}

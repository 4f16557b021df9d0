/**
 * Module boundaries and layers (ARCHITECTURE.md, docs/decisions/004-module-layers.md).
 *
 * Layers, lowest first; a module may import only modules of a lower layer,
 * only through their index.ts. Modules of one layer meet through events or a
 * lower module's registry, never by importing each other. app/shared is the
 * toolbox under every module: any module may import any of its files, and it
 * imports no module. start/ is the composition root above every module.
 */
const LAYERS = [
  ['shared'],
  ['realtime'],
  ['identity'],
  ['chat', 'payments'],
  ['courses', 'mentoring', 'community'],
  ['moderation', 'discovery'],
]

const MODULES = LAYERS.flat().filter((name) => name !== 'shared')

/** For each module, a rule forbidding imports of modules at its own layer or above. */
const layerRules = LAYERS.flatMap((layer, level) => {
  const notBelow = LAYERS.slice(level).flat().filter((name) => name !== 'shared')
  return layer
    .filter((name) => name !== 'shared')
    .map((name) => {
      const forbidden = notBelow.filter((other) => other !== name)
      return {
        name: `layers-${name}`,
        comment: `${name} may import only modules of a lower layer (not ${forbidden.join(', ')}).`,
        severity: 'error',
        from: { path: `^app/${name}/` },
        to: { path: `^app/(${forbidden.join('|')})/` },
      }
    })
})

module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: 'Import another module through its index.ts (its public surface), never its internals.',
      severity: 'error',
      from: { path: '^app/([^/]+)/' },
      to: {
        path: '^app/([^/]+)/.+',
        pathNot: ['^app/$1/', '^app/[^/]+/index\\.ts$', '^app/shared/'],
      },
    },
    ...layerRules,
    {
      name: 'shared-imports-no-module',
      comment: 'app/shared is under every module and imports none of them, not even an index.ts.',
      severity: 'error',
      from: { path: '^app/shared/' },
      to: { path: '^app/(?!shared/)[^/]+/' },
    },
    {
      name: 'unknown-module',
      comment: `A folder under app/ is one of the modules of the layering: shared, ${MODULES.join(', ')}.`,
      severity: 'error',
      from: { path: `^app/(?!(shared|${MODULES.join('|')})/)[^/]+/` },
      to: {},
    },
    {
      name: 'app-not-into-seeders',
      comment: 'Demo data and seeders use the app; the app never uses them.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^database/(seeders|demo|factories)/' },
    },
    {
      name: 'app-not-into-composition-root',
      comment:
        'start/ composes the modules; a module may read start/env.ts and the middleware of start/kernel.ts, nothing else of it.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^(start|providers|commands)/', pathNot: '^start/(env|kernel)\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycle anywhere.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|tmp|public|node_modules|\\.adonisjs)/' },
    tsPreCompilationDeps: true,
    // the #module/* imports point at .js files; this tsconfig maps them to the .ts sources
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
}

/**
 * Module boundaries (ARCHITECTURE.md): a module under app/<module>/ may use
 * another module only through that module's index.ts.
 */
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
    {
      name: 'shared-is-a-leaf',
      comment: 'app/shared is used by every module and depends on none of them (except through their index.ts).',
      severity: 'error',
      from: { path: '^app/shared/' },
      to: { path: '^app/(?!shared/)[^/]+/.+', pathNot: '^app/[^/]+/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|tmp|public|node_modules)/' },
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

/*
| JavaScript entrypoint for ace commands: registers the TypeScript hook, then
| imports bin/console.ts. Overwritten in the production build.
*/
import '@poppinss/ts-exec'

await import('./bin/console.js')

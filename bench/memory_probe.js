/*
| Preloaded into the servers of `npm run bench:realtime` (with --expose-gc):
| on SIGUSR2 a full garbage collection, then the process's memory written to
| BENCH_MEMORY_FILE. RSS alone mixes what streams keep with the garbage room
| V8 leaves in its old space until its next full collection, which depends
| on when that last ran: the JS heap in use after a full collection does not.
*/
import { writeFileSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'

process.on('SIGUSR2', () => {
  globalThis.gc?.()
  const heap = getHeapStatistics()
  writeFileSync(
    process.env.BENCH_MEMORY_FILE,
    JSON.stringify({
      rssKb: process.memoryUsage.rss() / 1024,
      // the heap's pages in RAM, and what lives in them
      heapPhysicalKb: heap.total_physical_size / 1024,
      heapUsedKb: heap.used_heap_size / 1024,
    })
  )
})

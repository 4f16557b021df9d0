import type { IncomingMessage, ServerResponse } from 'node:http'

export const pageCache = {
  serve(_req: IncomingMessage, _res: ServerResponse) {
    return false
  },
}

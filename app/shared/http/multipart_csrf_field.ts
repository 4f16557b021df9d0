import type { IncomingMessage } from 'node:http'

/** How far into a multipart body the CSRF field may start and end. */
const MAX_PEEK_BYTES = 16 * 1024

function boundaryOf(contentType: string | undefined) {
  const match = contentType?.match(/boundary=(?:"([^"]+)"|([^;\s]+))/i)
  return match ? (match[1] ?? match[2]) : null
}

/**
 * The `_csrf` value when it is the body's first part (undefined: more bytes
 * are needed; null: the first part is something else).
 */
function firstPartToken(head: string, delimiter: string) {
  if (head.length < delimiter.length + 2) return undefined
  if (!head.startsWith(`${delimiter}\r\n`)) return null
  const headersEnd = head.indexOf('\r\n\r\n', delimiter.length + 2)
  if (headersEnd < 0) return undefined
  const headers = head.slice(delimiter.length + 2, headersEnd)
  if (!/^content-disposition:\s*form-data;\s*name="_csrf"\s*$/im.test(headers)) return null
  const valueEnd = head.indexOf(`\r\n${delimiter}`, headersEnd + 4)
  if (valueEnd < 0) return undefined
  return head.slice(headersEnd + 4, valueEnd)
}

/**
 * Reads the CSRF token of a multipart form without parsing the body: the
 * form component puts the `_csrf` field first, so it sits in the first few
 * bytes. The bytes read are pushed back onto the request (`unshift`), for
 * the multipart parser to read later, if the request gets that far. A
 * request whose body does not start with the field gets null (and the CSRF
 * check then refuses it, unless a header carries the token).
 */
export function peekMultipartCsrfToken(request: IncomingMessage) {
  const boundary = boundaryOf(request.headers['content-type'])
  if (!boundary) return Promise.resolve(null)
  const delimiter = `--${boundary}`
  return new Promise<string | null>((resolve, reject) => {
    const chunks: Buffer[] = []
    let length = 0
    const detach = () => {
      request.off('readable', onReadable)
      request.off('error', onError)
      request.off('close', onClose)
    }
    const stop = (token: string | null) => {
      detach()
      // synchronously with the last read(), before the stream can emit 'end'
      if (length) request.unshift(Buffer.concat(chunks, length))
      resolve(token)
    }
    function onError(error: Error) {
      detach()
      reject(error)
    }
    // the client went away mid-body: nothing left to read
    function onClose() {
      detach()
      resolve(null)
    }
    function onReadable() {
      let chunk: Buffer | null
      while ((chunk = request.read()) !== null) {
        chunks.push(chunk)
        length += chunk.length
        const token = firstPartToken(Buffer.concat(chunks, length).toString('latin1'), delimiter)
        if (token !== undefined) return stop(token)
        if (length >= MAX_PEEK_BYTES) return stop(null)
      }
      if (request.complete) stop(null)
    }
    request.on('readable', onReadable)
    request.on('error', onError)
    request.on('close', onClose)
  })
}

import { Exception } from '@adonisjs/core/exceptions'

/** Ends the request with the friendly 404 page (response.notFound() sends an empty body). */
export function notFound(): never {
  throw new Exception('Not found', { status: 404, code: 'E_NOT_FOUND' })
}

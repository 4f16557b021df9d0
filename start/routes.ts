/*
| Each module registers its own routes; this file only imports them.
*/
import '#shared/routes'
import '#identity/routes'
import '#realtime/routes'
import '#chat/routes'
import '#courses/routes'
import '#payments/routes'

/*
| Last, after every module: any other GET gets the 404 page with the
| visitor's session, language and header (unmatched requests skip the
| router middleware otherwise).
*/
import router from '@adonisjs/core/services/router'
import { notFound } from '#shared/errors/not_found'

router.get('/*', () => notFound()).as('not_found')

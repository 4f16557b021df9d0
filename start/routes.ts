/*
| Each module registers its own routes; this file only imports them.
*/
import '#shared/routes'
import '#identity/routes'

/*
| The one script of every page: htmx for partial updates, Alpine (CSP build:
| no inline expressions, components registered here) for small local behaviour.
*/
import 'htmx.org'
import Alpine from '@alpinejs/csp'
import { registerComponents } from './components.js'

registerComponents(Alpine)
Alpine.start()

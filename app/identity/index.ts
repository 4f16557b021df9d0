/*
| The identity module's public surface: what other modules may use.
*/
export { fieldCatalogue, type FieldSummary } from '#identity/services/field_catalogue'

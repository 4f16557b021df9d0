/*
| Domain event listeners of every module are registered by the module itself.
*/
import '#identity/listeners'

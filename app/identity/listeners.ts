/*
| The identity module reacts to no other module's events yet.
*/
export {}

/*
| Abilities not tied to one resource; each module adds its policies to ./main.ts.
*/
export {}

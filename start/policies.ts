/*
| The Bouncer registry (the composition root): every module's policies by
| name, `bouncer.with('FieldPolicy')`, and abilities not tied to one resource.
| A module exports its policies from its index.ts; they are spread in here.
*/
import { identityPolicies } from '#identity/index'

export const policies = {
  ...identityPolicies,
}

export const abilities = {}

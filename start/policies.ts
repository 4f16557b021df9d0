/*
| The Bouncer registry (the composition root): every module's policies by
| name, `bouncer.with('FieldPolicy')`, and abilities not tied to one resource.
| A module exports its policies from its index.ts; they are spread in here.
*/
import { identityPolicies, verifiedEmail } from '#identity/index'
import { chatPolicies } from '#chat/index'
import { coursesPolicies } from '#courses/index'
import { paymentsPolicies } from '#payments/index'

export const policies = {
  ...identityPolicies,
  ...chatPolicies,
  ...coursesPolicies,
  ...paymentsPolicies,
}

export const abilities = {
  /** `bouncer.allows('verifiedEmail', action)`: see VERIFIED_EMAIL_ACTIONS in #identity/index */
  verifiedEmail,
}

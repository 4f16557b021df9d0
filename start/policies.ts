/*
| The Bouncer registry (the composition root): every module's policies by
| name, `bouncer.with('FieldPolicy')`, and abilities not tied to one resource.
| A module exports its policies from its index.ts; they are spread in here.
*/
import { identityPolicies, verifiedEmail } from '#identity/index'
import { chatPolicies } from '#chat/index'
import { paymentsPolicies } from '#payments/index'
import { coursesPolicies } from '#courses/index'

export const policies = {
  ...identityPolicies,
  ...chatPolicies,
  ...paymentsPolicies,
  ...coursesPolicies,
}

export const abilities = {
  /** `bouncer.allows('verifiedEmail', action)`: see VERIFIED_EMAIL_ACTIONS in #identity/index */
  verifiedEmail,
}

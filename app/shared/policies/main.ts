import { identityPolicies } from '#identity/index'

/** Every module's policies, by name: `bouncer.with('FieldPolicy')`. */
export const policies = {
  ...identityPolicies,
}

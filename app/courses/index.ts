/*
| The courses module's public surface (layer: above identity, chat and
| payments; beside mentoring and community, which it never imports).
*/

/** This module's Bouncer policies, registered with the others in start/policies.ts. */
export const coursesPolicies = {
  CoursePolicy: () => import('#courses/policies/course_policy'),
}

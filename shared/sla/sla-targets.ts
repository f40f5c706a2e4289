/**
 * The SLA's targets, in a module of their own (no schemas): the ticket schema names them, and
 * every function that reads tickets should not carry the policy and calendar schemas too.
 */
export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

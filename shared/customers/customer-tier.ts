/** Customer tiers, in a module of their own (no schemas): tickets and SLA policies name them without the customer schemas. */
export const CUSTOMER_TIERS = ['standard', 'priority', 'vip'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

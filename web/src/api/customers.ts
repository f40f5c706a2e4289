import type { Asset, Customer, NewAssetInput, Organization } from '#shared/customers/customer.ts';
import type { ApiClient } from './client.ts';
import type { TicketRow } from './tickets.ts';

export type { Asset, Customer, NewAssetInput, Organization };
export type CustomerTier = Customer['tier'];
export type CustomerLanguage = Customer['language'];
/** As the API has them (checked by `satisfies`), without bundling its schemas. */
export const CUSTOMER_TIERS = ['standard', 'priority', 'vip'] as const satisfies readonly CustomerTier[];
export const CUSTOMER_LANGUAGES = ['en', 'zh-CN'] as const satisfies readonly CustomerLanguage[];

export interface Customer360 {
  customer: Customer;
  assets: Asset[];
  tickets: { items: TicketRow[]; cursor?: string };
}

const customerPath = (id: string) => `/v1/customers/${encodeURIComponent(id)}`;

export type CustomerQuery = { q: string } | { email: string } | { phone: string };

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What the agent typed, as the search the API understands: a whole email address, a phone number
 * (digits with + - ( ) . and spaces, at least five digits), or else a name prefix.
 */
export function customerQueryFor(text: string): CustomerQuery | undefined {
  const value = text.trim();
  if (!value) return undefined;
  if (value.includes('@')) return EMAIL_SHAPE.test(value) ? { email: value } : undefined;
  if (/^\+?[\d\s().-]+$/.test(value) && value.replace(/\D/g, '').length >= 5) return { phone: value };
  if (/^\+?[\d\s().-]+$/.test(value)) return undefined;
  return { q: value.slice(0, 100) };
}

export async function searchCustomers(api: ApiClient, query: CustomerQuery, limit = 10): Promise<Customer[]> {
  const params = new URLSearchParams({ ...query, limit: String(limit) } as Record<string, string>);
  return (await api.get<{ items: Customer[] }>(`/v1/customers?${params.toString()}`)).items ?? [];
}

export async function getCustomer360(api: ApiClient, id: string): Promise<{ view: Customer360; etag?: string }> {
  const { body, etag } = await api.send<Customer360>('GET', customerPath(id));
  return { view: { ...body, assets: body.assets ?? [], tickets: body.tickets ?? { items: [] } }, ...(etag ? { etag } : {}) };
}

export interface CustomerChanges {
  tier?: CustomerTier;
  language?: CustomerLanguage;
  tags?: string[];
}

export async function updateCustomer(api: ApiClient, id: string, ifMatch: string, changes: CustomerChanges): Promise<{ customer: Customer; etag?: string }> {
  const { body, etag } = await api.send<Customer>('PATCH', customerPath(id), { body: changes, headers: { 'If-Match': ifMatch } });
  return { customer: body, ...(etag ? { etag } : {}) };
}

export interface NewCustomerRequest {
  name: string;
  emails: string[];
  phones: string[];
}

export function createCustomer(api: ApiClient, input: NewCustomerRequest): Promise<Customer> {
  return api.post<Customer>('/v1/customers', input);
}

export function addAsset(api: ApiClient, customerId: string, input: NewAssetInput): Promise<Asset> {
  return api.post<Asset>(`${customerPath(customerId)}/assets`, input);
}

export async function listOrganizations(api: ApiClient): Promise<Organization[]> {
  return (await api.get<{ items: Organization[] }>('/v1/organizations')).items ?? [];
}

export function isCustomer(value: unknown): value is Customer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['id'] === 'string' && typeof v['version'] === 'number' && typeof v['name'] === 'string' && Array.isArray(v['emails']);
}

/** In warranty through the end of `warrantyEnd` (a calendar date), judged on the user's own calendar. */
export function warrantyStatus(asset: Pick<Asset, 'warrantyEnd'>, today: string): 'in' | 'expired' | 'unknown' {
  if (!asset.warrantyEnd) return 'unknown';
  return asset.warrantyEnd >= today ? 'in' : 'expired';
}

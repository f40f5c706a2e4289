import { ConflictError, NotFoundError } from '../errors/domain-errors.ts';
import type { Clock, IdGenerator } from '../runtime/clock.ts';
import {
  normalizeName,
  type Asset,
  type Customer,
  type CustomerSearch,
  type CustomerUpdate,
  type NewAssetInput,
  type NewCustomerInput,
  type NewOrganizationInput,
  type Organization,
} from './customer.ts';
import type { Customer360, CustomerStore } from './customer-store.ts';

export interface CustomerDeps {
  customers: CustomerStore;
  clock: Clock;
  ids: IdGenerator;
}

export class CustomerVersionConflictError extends ConflictError {
  constructor(current: Customer) {
    super(`${current.name} was changed by someone else; reload to see it`, { currentVersion: current.version, current });
    Object.defineProperty(this, 'code', { value: 'VERSION_CONFLICT' });
  }
}

export async function createCustomer(deps: CustomerDeps, input: NewCustomerInput): Promise<Customer> {
  if (input.organizationId && !(await deps.customers.getOrganization(input.organizationId))) throw new NotFoundError(`Organization ${input.organizationId}`);
  const now = deps.clock.now().toISOString();
  const customer: Customer = {
    id: deps.ids.next(),
    name: input.name,
    emails: [...new Set(input.emails)],
    phones: [...new Set(input.phones)],
    ...(input.organizationId ? { organizationId: input.organizationId } : {}),
    tier: input.tier,
    ...(input.region ? { region: input.region } : {}),
    language: input.language,
    tags: [...new Set(input.tags)],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await deps.customers.insert(customer);
  return customer;
}

/**
 * The customer a ticket is for: the one who owns this email, or a new customer named after what
 * the agent typed (or the email's local part). Two agents racing on a new email end with one customer.
 */
export async function findOrCreateCustomerByEmail(deps: CustomerDeps, email: string, name?: string): Promise<Customer> {
  const existingId = await deps.customers.findIdByEmail(email);
  const existing = existingId && (await deps.customers.get(existingId));
  if (existing) return existing;
  try {
    return await createCustomer(deps, { name: name || email.split('@')[0]!, emails: [email], phones: [], tier: 'standard', language: 'en', tags: [] });
  } catch (err) {
    const ownerId = err instanceof ConflictError ? (err.details?.customerId as string | undefined) : undefined;
    const owner = ownerId && (await deps.customers.get(ownerId));
    if (owner) return owner;
    throw err;
  }
}

export async function readCustomer360(deps: CustomerDeps, id: string): Promise<Customer360> {
  const found = await deps.customers.get360(id);
  if (!found) throw new NotFoundError(`Customer ${id}`);
  return found;
}

export async function updateCustomer(deps: CustomerDeps, id: string, expectedVersion: number, update: CustomerUpdate): Promise<Customer> {
  const current = await deps.customers.get(id);
  if (!current) throw new NotFoundError(`Customer ${id}`);
  if (current.version !== expectedVersion) throw new CustomerVersionConflictError(current);
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(update)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  next.updatedAt = deps.clock.now().toISOString();
  next.version = current.version + 1;
  await deps.customers.update(next as Customer, expectedVersion);
  return next as Customer;
}

/** Email, phone (exact) or name prefix; exact matches answer at most one customer. */
export async function searchCustomers(deps: CustomerDeps, search: CustomerSearch, limit = 20): Promise<Customer[]> {
  const byId = async (id: string | undefined) => {
    const c = id ? await deps.customers.get(id) : undefined;
    return c ? [c] : [];
  };
  if (search.email) return byId(await deps.customers.findIdByEmail(search.email));
  if (search.phone) return byId(await deps.customers.findIdByPhone(search.phone));
  if (search.q) return deps.customers.searchByName(normalizeName(search.q), limit);
  return [];
}

export async function addAsset(deps: CustomerDeps, customerId: string, input: NewAssetInput): Promise<Asset> {
  if (!(await deps.customers.get(customerId))) throw new NotFoundError(`Customer ${customerId}`);
  const asset: Asset = { id: deps.ids.next(), customerId, ...input, createdAt: deps.clock.now().toISOString() };
  await deps.customers.addAsset(asset);
  return asset;
}

export async function createOrganization(deps: CustomerDeps, input: NewOrganizationInput): Promise<Organization> {
  const org: Organization = { id: deps.ids.next(), name: input.name, domains: [...new Set(input.domains)], tier: input.tier, createdAt: deps.clock.now().toISOString() };
  await deps.customers.insertOrganization(org);
  return org;
}

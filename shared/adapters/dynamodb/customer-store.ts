import { ConflictError } from '../../errors/domain-errors.ts';
import { CustomerVersionConflictError } from '../../customers/customer-operations.ts';
import { assetSchema, customerSchema, normalizeName, organizationSchema, type Asset, type Customer, type Organization } from '../../customers/customer.ts';
import type { Customer360, CustomerStore } from '../../customers/customer-store.ts';
import { keys } from './keys.ts';
import { ConditionFailedError, type Item, type Table } from './table.ts';

export class DynamoCustomerStore implements CustomerStore {
  constructor(private readonly table: Table) {}

  /** Profile and every email/phone claim in one transaction: an address can belong to one customer only. */
  async insert(customer: Customer): Promise<void> {
    const claim = (key: Item) => ({ put: { item: { ...key, customerId: customer.id }, condition: { expression: 'attribute_not_exists(pk)' } } });
    try {
      await this.table.transact('insertCustomer', [
        { put: { item: profileItem(customer), condition: { expression: 'attribute_not_exists(pk)' } } },
        ...customer.emails.map((e) => claim(keys.customerEmail(e))),
        ...customer.phones.map((p) => claim(keys.customerPhone(p))),
      ]);
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      for (const email of customer.emails) {
        const owner = await this.findIdByEmail(email);
        if (owner) throw new ConflictError(`${email} already belongs to another customer`, { customerId: owner, field: 'emails' });
      }
      for (const phone of customer.phones) {
        const owner = await this.findIdByPhone(phone);
        if (owner) throw new ConflictError(`${phone} already belongs to another customer`, { customerId: owner, field: 'phones' });
      }
      throw new ConflictError(`Customer ${customer.id} already exists`);
    }
  }

  async get(id: string): Promise<Customer | undefined> {
    const item = await this.table.get('getCustomer', keys.customer(id));
    return item ? customerSchema.parse(item) : undefined;
  }

  async get360(id: string): Promise<Customer360 | undefined> {
    const { items } = await this.table.query('queryCustomer', {
      keyCondition: 'pk = :pk',
      values: { ':pk': keys.customerPartition(id) },
    });
    const profile = items.find((i) => i.itemType === 'customer');
    if (!profile) return undefined;
    return { customer: customerSchema.parse(profile), assets: items.filter((i) => i.itemType === 'asset').map((i) => assetSchema.parse(i)) };
  }

  async update(next: Customer, expectedVersion: number): Promise<void> {
    try {
      await this.table.put('updateCustomer', profileItem(next), { expression: 'version = :v', values: { ':v': expectedVersion } });
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const current = await this.get(next.id);
      throw current ? new CustomerVersionConflictError(current) : new ConflictError(`Customer ${next.id} no longer exists`);
    }
  }

  async findIdByEmail(email: string): Promise<string | undefined> {
    return (await this.table.get('getCustomerEmail', keys.customerEmail(email)))?.customerId as string | undefined;
  }

  async findIdByPhone(phone: string): Promise<string | undefined> {
    return (await this.table.get('getCustomerPhone', keys.customerPhone(phone)))?.customerId as string | undefined;
  }

  async searchByName(prefix: string, limit: number): Promise<Customer[]> {
    const { items } = await this.table.query('queryCustomerName', {
      index: 'gsi1',
      keyCondition: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      values: { ':pk': keys.customerNamePartition(prefix), ':prefix': prefix },
      limit,
    });
    return items.map((i) => customerSchema.parse(i));
  }

  async addAsset(asset: Asset): Promise<void> {
    await this.table.put('putAsset', { ...keys.asset(asset.customerId, asset.id), itemType: 'asset', ...asset }, { expression: 'attribute_not_exists(pk)' });
  }

  async insertOrganization(org: Organization): Promise<void> {
    await this.table.put(
      'putOrganization',
      { ...keys.organization(org.id), ...keys.organizationListing(normalizeName(org.name), org.id), itemType: 'organization', ...org },
      { expression: 'attribute_not_exists(pk)' },
    );
  }

  async listOrganizations(): Promise<Organization[]> {
    const { items } = await this.table.query('queryOrganizations', { index: 'gsi1', keyCondition: 'gsi1pk = :pk', values: { ':pk': 'ORGS' }, limit: 1000 });
    return items.map((i) => organizationSchema.parse(i));
  }

  async getOrganization(id: string): Promise<Organization | undefined> {
    const item = await this.table.get('getOrganization', keys.organization(id));
    return item ? organizationSchema.parse(item) : undefined;
  }
}

function profileItem(c: Customer): Item {
  return { ...keys.customer(c.id), ...keys.customerName(normalizeName(c.name), c.id), itemType: 'customer', ...c };
}

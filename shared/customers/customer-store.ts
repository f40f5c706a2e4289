import type { Asset, Customer, Organization } from './customer.ts';

export interface Customer360 {
  customer: Customer;
  assets: Asset[];
}

export interface CustomerStore {
  /** Creates a customer and claims its emails and phones; a claimed one is a conflict naming its owner. */
  insert(customer: Customer): Promise<void>;
  get(id: string): Promise<Customer | undefined>;
  /** Profile and equipment in one read. */
  get360(id: string): Promise<Customer360 | undefined>;
  update(next: Customer, expectedVersion: number): Promise<void>;
  findIdByEmail(email: string): Promise<string | undefined>;
  findIdByPhone(phone: string): Promise<string | undefined>;
  searchByName(prefix: string, limit: number): Promise<Customer[]>;
  addAsset(asset: Asset): Promise<void>;
  insertOrganization(org: Organization): Promise<void>;
  listOrganizations(): Promise<Organization[]>;
  getOrganization(id: string): Promise<Organization | undefined>;
}

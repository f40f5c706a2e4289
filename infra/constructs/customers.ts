import { Tags } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { Api } from './api.ts';

export interface CustomersProps {
  api: Api;
  table: ITable;
}

/** Customers, their equipment and organizations: routes and least-privilege functions. */
export class Customers extends Construct {
  constructor(scope: Construct, id: string, props: CustomersProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'customers');
    const { api, table } = props;
    const route = (key: string, fnId: string, entry: string, description: string) => {
      const fn = api.fn(this, fnId, `customers/${entry}`, description);
      api.addRoute(key, 'staff', fn);
      return fn;
    };

    route('POST /v1/customers', 'CreateCustomer', 'create-customer.ts', 'Creates a customer and claims their emails and phones').bindTable(
      table,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'],
    );
    route('GET /v1/customers', 'SearchCustomers', 'search-customers.ts', 'Finds customers by email, phone or name').bindTable(
      table,
      ['dynamodb:GetItem', 'dynamodb:Query'],
      { indexes: ['gsi1'] },
    );
    route('GET /v1/customers/{id}', 'GetCustomer', 'get-customer.ts', 'Customer 360: profile, equipment, tickets').bindTable(
      table,
      ['dynamodb:Query'],
      { indexes: ['gsi2'] },
    );
    route('PATCH /v1/customers/{id}', 'UpdateCustomer', 'update-customer.ts', 'Changes a customer profile').bindTable(table, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    route('POST /v1/customers/{id}/assets', 'AddAsset', 'add-asset.ts', 'Registers customer equipment').bindTable(table, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    route('GET /v1/organizations', 'ListOrganizations', 'list-organizations.ts', 'Lists organizations').bindTable(
      table,
      ['dynamodb:Query'],
      { indexes: ['gsi1'] },
    );
    route('POST /v1/organizations', 'CreateOrganization', 'create-organization.ts', 'Creates an organization').bindTable(table, [
      'dynamodb:PutItem',
    ]);
  }
}

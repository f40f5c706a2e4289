import { Tags } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { Api } from './api.ts';

export interface DirectoryProps {
  api: Api;
  table: ITable;
}

/** What admins configure (teams, categories, routing rules, custom fields) and staff profiles. */
export class Directory extends Construct {
  constructor(scope: Construct, id: string, props: DirectoryProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'directory');
    const { api, table } = props;
    const route = (key: string, fnId: string, entry: string, description: string) => {
      const fn = api.fn(this, fnId, `directory/${entry}`, description);
      api.addRoute(key, 'staff', fn);
      return fn;
    };
    route('GET /v1/directory/{kind}', 'GetDirectory', 'get-directory.ts', 'Reads teams, categories, routing rules or custom fields').bindTable(
      table,
      ['dynamodb:GetItem'],
    );
    route('PUT /v1/directory/{kind}', 'PutDirectory', 'put-directory.ts', 'Saves teams, categories, routing rules or custom fields').bindTable(
      table,
      ['dynamodb:GetItem', 'dynamodb:PutItem'],
    );
    route('GET /v1/agents', 'ListAgents', 'list-agents.ts', 'Lists staff profiles').bindTable(table, ['dynamodb:Query'], { indexes: ['gsi1'] });
    route('PUT /v1/me', 'PutMe', 'put-me.ts', "Saves the caller's own profile and availability").bindTable(table, ['dynamodb:PutItem']);
  }
}

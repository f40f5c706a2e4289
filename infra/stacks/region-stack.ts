import { Aws, CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { LoopdeskConfig } from '../config.ts';
import { Api } from '../constructs/api.ts';
import { Attachments } from '../constructs/attachments.ts';
import { Console } from '../constructs/console.ts';
import { CustomerPortal } from '../constructs/customer-portal.ts';
import { Customers } from '../constructs/customers.ts';
import { Data } from '../constructs/data.ts';
import { Directory } from '../constructs/directory.ts';
import { EmailChannel } from '../constructs/email-channel.ts';
import { EmailOutbound } from '../constructs/email-outbound.ts';
import { Identity } from '../constructs/identity.ts';
import { Dispatch } from '../constructs/dispatch.ts';
import { Sla } from '../constructs/sla.ts';
import { Tickets } from '../constructs/tickets.ts';

export interface RegionStackProps extends StackProps {
  config: LoopdeskConfig;
}

/** Everything Loopdesk runs in one region. Stacks compose constructs and nothing else. */
export class RegionStack extends Stack {
  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, props);
    const { stage, settings } = props.config;
    Tags.of(this).add('app', 'loopdesk');
    Tags.of(this).add('stage', stage);
    Tags.of(this).add('region', this.region);

    const data = new Data(this, 'Data', { deletionProtection: settings.deletionProtection });
    const console = new Console(this, 'Console', {
      logRetentionDays: settings.logRetentionDays,
      deletionProtection: settings.deletionProtection,
    });
    const identity = new Identity(this, 'Identity', {
      domainPrefix: settings.consoleDomainPrefix,
      consoleUrl: `${console.url}/`,
      deletionProtection: settings.deletionProtection,
    });
    const api = new Api(this, 'Api', {
      identity,
      consoleOrigin: console.url,
      stage,
      logRetentionDays: settings.logRetentionDays,
    });
    new Tickets(this, 'Tickets', { api, table: data.table, mail: settings.mail });
    new Customers(this, 'Customers', { api, table: data.table });
    new Directory(this, 'Directory', { api, table: data.table });
    const attachments = new Attachments(this, 'Attachments', {
      api,
      table: data.table,
      consoleOrigin: console.url,
      logBucket: console.logBucket,
      deletionProtection: settings.deletionProtection,
    });
    new CustomerPortal(this, 'CustomerPortal', { api, table: data.table, attachments: attachments.bucket });
    new EmailChannel(this, 'Email', {
      api,
      table: data.table,
      attachments: attachments.bucket,
      mail: settings.mail,
      logBucket: console.logBucket,
      deletionProtection: settings.deletionProtection,
      stage,
      logRetentionDays: settings.logRetentionDays,
    });
    new EmailOutbound(this, 'Outbound', {
      api,
      table: data.table,
      attachments: attachments.bucket,
      mail: settings.mail,
      stage,
      logRetentionDays: settings.logRetentionDays,
    });

    new Sla(this, 'Sla', { api, table: data.table, stage, logRetentionDays: settings.logRetentionDays });
    new Dispatch(this, 'Dispatch', { api, table: data.table, attachments: attachments.bucket, stage, logRetentionDays: settings.logRetentionDays });

    console.deploy({
      apiUrl: api.url,
      stage,
      region: Aws.REGION,
      auth: { domain: identity.domain.baseUrl(), clientId: identity.client.userPoolClientId },
    });

    new CfnOutput(this, 'ConsoleUrl', { value: console.url });
    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });

  }
}

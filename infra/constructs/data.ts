import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEX_PROJECTED_ATTRIBUTES } from '#shared/adapters/dynamodb/keys.ts';

export interface DataProps {
  deletionProtection: boolean;
}

/**
 * The single table. Generic key names (pk/sk, gsiNpk/gsiNsk) let one table serve every access
 * pattern; the layout of each item lives in shared/adapters/dynamodb/keys.ts. The indexes exist
 * from the first deploy because CloudFormation can add only one GSI per update. They copy only the
 * short fields rows need (INDEX_PROJECTED_ATTRIBUTES), never long text.
 *  - gsi1: queues (status/team/assignee) ordered by last update
 *  - gsi2: a customer's tickets, lookups by email/phone/number
 *  - gsi3: what is due when (SLA deadlines, sweeps read only what is due)
 */
export class Data extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'data');
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      timeToLiveAttribute: 'expiresAt',
    });
    for (const n of [1, 2, 3]) {
      this.table.addGlobalSecondaryIndex({
        indexName: `gsi${n}`,
        partitionKey: { name: `gsi${n}pk`, type: AttributeType.STRING },
        sortKey: { name: `gsi${n}sk`, type: AttributeType.STRING },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...INDEX_PROJECTED_ATTRIBUTES],
      });
    }
  }
}

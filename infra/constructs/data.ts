import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEX_NAMES, indexKeys } from '#shared/adapters/dynamodb/keys.ts';

export interface DataProps {
  deletionProtection: boolean;
}

/**
 * The single table. Generic key names (pk/sk, gsiNpk/gsiNsk) let one table serve every access
 * pattern; the layout of each item lives in shared/adapters/dynamodb/keys.ts. The indexes exist
 * from the first deploy because CloudFormation can add only one GSI per update.
 * Which queue each serves is documented with the key builders in shared/adapters/dynamodb/keys.ts.
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
      // The stream carries outbox items to the mail queue (a transactional outbox, see EmailOutbound).
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const name of INDEX_NAMES) {
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: indexKeys(name).pk, type: AttributeType.STRING },
        sortKey: { name: indexKeys(name).sk, type: AttributeType.STRING },
        // Items that carry index keys are kept small (long text lives in separate items), so
        // copying them whole costs one write unit per index and saves a second read per row.
        projectionType: ProjectionType.ALL,
      });
    }
  }
}

import { Duration, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Api } from './api.ts';
import { READ_STOCK_ROUTES } from '../../functions/parts/read-stock-routes.ts';
import { LoopdeskFunction } from './loopdesk-function.ts';
import { pipeStreamToQueue } from './stream-pipe.ts';

export interface PartsProps {
  api: Api;
  table: ITable;
  /** The stack's bus (owned by the Sla construct); safety-stock alerts go there for integrations. */
  bus: IEventBus;
  stage: string;
  logRetentionDays: number;
}

const PUBLISH_TIMEOUT = Duration.seconds(30);

/**
 * Spare parts: the catalog, stock locations, stock levels and their movements, one function per
 * route, each holding only the table actions (and indexes) it performs. A movement that takes a
 * level below its part's safety stock writes the day's alert item in its transaction; the table's
 * stream carries it through a pipe and a queue to a publisher that puts StockBelowSafetyLevel on
 * the bus.
 */
export class Parts extends Construct {
  constructor(scope: Construct, id: string, props: PartsProps) {
    super(scope, id);
    Tags.of(this).add('capability', 'parts');
    const { api, table } = props;
    const route = (key: string, fnId: string, entry: string, description: string) => {
      const fn = api.fn(this, fnId, `parts/${entry}`, description);
      api.addRoute(key, 'staff', fn);
      return fn;
    };

    // The read-only routes share one function (functions/parts/read-stock.ts) and its read role.
    const reads = api.fn(this, 'ReadStock', 'parts/read-stock.ts', 'Catalog, stock by location or part, ledger, low stock, alerts, work-order parts and ticket parts cost');
    reads.bindTable(
      table,
      [
        'dynamodb:GetItem', // a part, a location, a ticket's cost
        'dynamodb:Query', // levels, ledgers, the catalog and locations (gsi1), alerts, a work order's parts
        'dynamodb:BatchGetItem', // parts' names and safety stock beside their levels
      ],
      { indexes: ['gsi1'] },
    );
    for (const key of READ_STOCK_ROUTES) api.addRoute(key, 'staff', reads);
    route('PUT /v1/parts/{sku}', 'SavePart', 'save-part.ts', 'Adds or changes a part').bindTable(table, ['dynamodb:PutItem']);
    route('PUT /v1/stock-locations/{locationId}', 'SaveStockLocation', 'save-stock-location.ts', 'Adds or renames a warehouse or van').bindTable(table, [
      'dynamodb:PutItem',
    ]);
    route('POST /v1/stock-movements', 'PostStockMovement', 'post-stock-movement.ts', 'Receives, reserves, issues, returns, scraps or transfers stock').bindTable(table, [
      'dynamodb:BatchGetItem', // the part and locations
      'dynamodb:Query', // consistent reads of levels, reservation, use, and a recorded movement
      'dynamodb:PutItem', // (in the transaction) levels, reservation, use, the movement record
      'dynamodb:UpdateItem', // (in the transaction) cost roll-ups, the day's alert
    ]);

    const alerts = this.alertQueue(table.tableStreamArn!);
    const publish = new LoopdeskFunction(this, 'PublishStockAlerts', {
      entry: 'parts/publish-stock-alerts.ts',
      description: 'Puts StockBelowSafetyLevel on the bus',
      timeout: PUBLISH_TIMEOUT,
      stage: props.stage,
      logRetentionDays: props.logRetentionDays,
    });
    publish.addEnvironment('EVENT_BUS_NAME', props.bus.eventBusName);
    props.bus.grantPutEventsTo(publish);
    publish.addEventSource(new SqsEventSource(alerts, { batchSize: 10, reportBatchItemFailures: true }));
  }

  /** New alert items only (a later movement the same day updates nothing), with a dead-letter queue. */
  private alertQueue(streamArn: string): Queue {
    const deadLetters = new Queue(this, 'AlertsDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(deadLetters).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue; redrive after fixing the cause.' });
    const queue = new Queue(this, 'Alerts', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(PUBLISH_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    pipeStreamToQueue(this, 'Alerts', streamArn, queue, [{ eventName: ['INSERT'], dynamodb: { NewImage: { itemType: { S: ['stockAlert'] } } } }]);
    return queue;
  }
}

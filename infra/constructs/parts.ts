import { Duration, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Api } from './api.ts';
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

    route('GET /v1/parts', 'ListParts', 'list-parts.ts', 'The parts catalog, a page at a time').bindTable(table, ['dynamodb:Query'], { indexes: ['gsi1'] });
    route('PUT /v1/parts/{sku}', 'SavePart', 'save-part.ts', 'Adds or changes a part').bindTable(table, ['dynamodb:PutItem']);
    route('GET /v1/parts/{sku}/stock', 'GetPartStock', 'get-part-stock.ts', "A part's stock at every location").bindTable(
      table,
      ['dynamodb:GetItem', 'dynamodb:Query'], // the part; its levels by gsi1
      { indexes: ['gsi1'] },
    );
    route('GET /v1/stock-locations', 'ListStockLocations', 'list-stock-locations.ts', 'Warehouses and vans').bindTable(table, ['dynamodb:Query'], {
      indexes: ['gsi1'],
    });
    route('PUT /v1/stock-locations/{locationId}', 'SaveStockLocation', 'save-stock-location.ts', 'Adds or renames a warehouse or van').bindTable(table, [
      'dynamodb:PutItem',
    ]);
    route('GET /v1/stock-locations/{locationId}/stock', 'ListLocationStock', 'list-location-stock.ts', "A location's stock, a page at a time").bindTable(table, [
      'dynamodb:GetItem', // the location
      'dynamodb:Query', // its levels
      'dynamodb:BatchGetItem', // their parts' names and safety stock
    ]);
    route(
      'GET /v1/stock-locations/{locationId}/parts/{sku}/movements',
      'ListStockMovements',
      'list-stock-movements.ts',
      'The ledger of a part at a location',
    ).bindTable(table, ['dynamodb:Query'], { indexes: ['gsi1'] });
    route('POST /v1/stock-movements', 'PostStockMovement', 'post-stock-movement.ts', 'Receives, reserves, issues, returns, scraps or transfers stock').bindTable(table, [
      'dynamodb:BatchGetItem', // the part and locations
      'dynamodb:Query', // consistent reads of levels, reservation, use, and a recorded movement
      'dynamodb:PutItem', // (in the transaction) levels, reservation, use, the movement record
      'dynamodb:UpdateItem', // (in the transaction) cost roll-ups, the day's alert
    ]);
    route('GET /v1/stock/low', 'ListLowStock', 'list-low-stock.ts', 'Levels below safety stock at every location').bindTable(
      table,
      ['dynamodb:Query', 'dynamodb:BatchGetItem'], // locations (gsi1), each one's levels, the parts
      { indexes: ['gsi1'] },
    );
    route('GET /v1/stock/alerts', 'ListStockAlerts', 'list-stock-alerts.ts', "A day's safety-stock alerts").bindTable(table, ['dynamodb:Query']);
    route('GET /v1/work-orders/{workOrderId}/parts', 'GetWorkOrderParts', 'get-work-order-parts.ts', 'Parts reserved and used by a work order').bindTable(table, [
      'dynamodb:Query',
    ]);
    route('GET /v1/tickets/{id}/parts-cost', 'GetTicketPartsCost', 'get-ticket-parts-cost.ts', 'Parts cost of a ticket').bindTable(table, ['dynamodb:GetItem']);

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

// Proves every Loopdesk function runs Node 22 on arm64, traced, logging to its capability's group, with a role that holds only what it uses.
import { describe, expect, it } from 'vitest';
import {
  asArray,
  assemblyStack,
  cdkPath,
  grants,
  ofType,
  onlyOfType,
  roleIdOf,
  stageSettings,
  statementsOfRole,
  type Statement,
} from './template-support.ts';

const { resources } = assemblyStack();
const logRetentionDays = stageSettings('dev').logRetentionDays;

/** aws-cdk-lib's own deploy-time functions; their runtime and role are set by the library, not by us. */
const CDK_PROVIDERS = [/\/Custom::CDKBucketDeployment[0-9A-F]+/, /\/Custom::S3AutoDeleteObjectsCustomResourceProvider\//, /\/BucketNotificationsHandler[0-9a-f]+\//];
const isCdkProvider = (path: string) => CDK_PROVIDERS.some((re) => re.test(path));

const allFunctions = ofType(resources, 'AWS::Lambda::Function');
const functions = allFunctions.filter(([, fn]) => !isCdkProvider(cdkPath(fn)));
const [tableId] = onlyOfType(resources, 'AWS::DynamoDB::Table');

function fn(pathSuffix: string) {
  const found = functions.find(([, f]) => cdkPath(f).endsWith(`${pathSuffix}/Resource`));
  if (!found) throw new Error(`no function at ${pathSuffix}`);
  return found;
}

const actionsOf = (s: Statement) => asArray(s.Action);
/** `Stack/Capability/...` → `Capability`: the construct a resource belongs to. */
const capabilityOf = (path: string) => path.split('/')[1];
/** Presigned file access: one S3 action on the random object keys under tickets/ of the attachments bucket. */
const isAttachmentObjects = (s: Statement) =>
  actionsOf(s).length === 1 &&
  ['s3:PutObject', 's3:GetObject'].includes(actionsOf(s)[0]!) &&
  /AttachmentsFiles[0-9A-F]+","Arn"\]\},"\/tickets\/\*"/.test(JSON.stringify(s.Resource));
/** Mail objects: one S3 action on one prefix of the raw mail bucket, or on tickets/mail/ for a message's files. */
const isMailObjects = (s: Statement) =>
  actionsOf(s).length >= 1 &&
  actionsOf(s).every((a) => ['s3:PutObject', 's3:GetObject'].includes(a)) &&
  asArray(s.Resource).every(
    (r) =>
      /EmailRawMail[0-9A-F]+","Arn"\]\},"\/(inbound|parsed)\/\*"/.test(JSON.stringify(r)) ||
      /AttachmentsFiles[0-9A-F]+","Arn"\]\},"\/tickets\/mail\/\*"/.test(JSON.stringify(r)),
  );
const isXRay = (s: Statement) => actionsOf(s).length > 0 && actionsOf(s).every((a) => a.startsWith('xray:'));
const dynamoStatements = (statements: Statement[]) => statements.filter((s) => actionsOf(s).some((a) => a.toLowerCase().startsWith('dynamodb:')));

/**
 * Exactly what each function may do to the table, and on which indexes. A new function or a wider
 * grant fails here until someone decides it. Transactions need the Put/ConditionCheck actions
 * they contain; reading a ticket is a Query on its header and description items.
 */
/** Opening a ticket for someone: customer claims, routing (gsi4 least-open counts), the ticket's items. */
const OPENS_TICKETS = {
  actions: [
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ],
  indexes: ['gsi4'],
};

/** Routes that answer or withdraw an offer: the work order, the technician's day (gsi4), the save. */
const ANSWERS_OFFERS = { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: ['gsi4'] };

const TABLE_ACCESS: Record<string, { actions: string[]; indexes: string[] }> = {
  'Tickets/CreateTicket': OPENS_TICKETS,
  'Tickets/GetTicket': { actions: ['dynamodb:Query'], indexes: [] },
  'Tickets/ListTickets': { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['gsi1', 'gsi10', 'gsi11', 'gsi2', 'gsi4', 'gsi5', 'gsi6', 'gsi7', 'gsi8', 'gsi9'] }, // as IAM sorts them
  'Tickets/UpdateTicket': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Tickets/AddEntry': { actions: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Tickets/TakeTicket': { actions: ['dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Tickets/MergeTicket': { actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Tickets/LinkTickets': { actions: ['dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Tickets/BulkUpdateTickets': { actions: ['dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Customers/CreateCustomer': { actions: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] },
  'Customers/SearchCustomers': { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['gsi1'] },
  'Customers/GetCustomer': { actions: ['dynamodb:Query'], indexes: ['gsi2'] },
  'Customers/UpdateCustomer': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] },
  'Customers/AddAsset': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] },
  'Customers/ListOrganizations': { actions: ['dynamodb:Query'], indexes: ['gsi1'] },
  'Customers/CreateOrganization': { actions: ['dynamodb:PutItem'], indexes: [] },
  'CustomerPortal/SubmitRequest': {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    indexes: ['gsi4'],
  },
  'CustomerPortal/ListPublicCategories': { actions: ['dynamodb:GetItem'], indexes: [] },
  'CustomerPortal/CreatePublicAttachment': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], indexes: [] },
  'CustomerPortal/GetPublicAttachment': { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: [] },
  'CustomerPortal/GetPublicTicket': { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], indexes: [] },
  'CustomerPortal/PostPublicReply': {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    indexes: ['gsi4'],
  },
  'Attachments/CreateAttachment': { actions: ['dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Attachments/GetAttachment': { actions: ['dynamodb:GetItem'], indexes: [] },
  'Directory/GetDirectory': { actions: ['dynamodb:GetItem'], indexes: [] },
  'Directory/PutDirectory': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] },
  'Directory/ListAgents': { actions: ['dynamodb:Query'], indexes: ['gsi1'] },
  'Directory/PutMe': { actions: ['dynamodb:PutItem'], indexes: [] },
  'Email/FileInboundMail': OPENS_TICKETS,
  'Email/ListHeldMail': { actions: ['dynamodb:Query'], indexes: ['gsi1'] },
  'Outbound/SendOutboundMail': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], indexes: [] },
  'Outbound/ResendMail': { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], indexes: [] },
  'Outbound/RecordMailFeedback': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], indexes: [] },
  'Email/ReleaseHeldMail': { actions: ['dynamodb:GetItem'], indexes: [] },
  'Sla/TrackSla': { actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], indexes: ['gsi1'] },
  'Sla/SweepSla': {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    indexes: ['gsi3'],
  },
  'Sla/ListNotifications': { actions: ['dynamodb:Query'], indexes: [] },
  'Sla/MarkNotificationsRead': { actions: ['dynamodb:UpdateItem'], indexes: [] },
  'Dispatch/PlanOffer': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: ['gsi1', 'gsi2'] },
  'Dispatch/OfferWorkOrder': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], indexes: [] },
  'Dispatch/ListTechnicians': { actions: ['dynamodb:Query'], indexes: ['gsi1'] },
  'Dispatch/PutTechnician': { actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] },
  'Dispatch/CreateWorkOrder': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] },
  'Dispatch/GetWorkOrder': { actions: ['dynamodb:GetItem'], indexes: [] },
  'Dispatch/ListTicketWorkOrders': { actions: ['dynamodb:Query'], indexes: ['gsi1'] },
  'Dispatch/GetDispatchBoard': { actions: ['dynamodb:Query'], indexes: ['gsi1', 'gsi2', 'gsi5'] },
  'Dispatch/ListMyJobs': { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['gsi4'] },
  'Dispatch/DispatchWorkOrder': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], indexes: [] },
  'Dispatch/AssignWorkOrder': ANSWERS_OFFERS,
  'Dispatch/CancelWorkOrder': ANSWERS_OFFERS,
  'Dispatch/AnswerOffer': ANSWERS_OFFERS,
  'Dispatch/RecordVisitProgress': {
    actions: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    indexes: [],
  },
  'Dispatch/CreateWorkOrderAttachment': { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], indexes: [] },
  'Parts/ReadStock': { actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'], indexes: ['gsi1'] },
  'Parts/SavePart': { actions: ['dynamodb:PutItem'], indexes: [] },
  'Parts/SaveStockLocation': { actions: ['dynamodb:PutItem'], indexes: [] },
  'Parts/PostStockMovement': { actions: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], indexes: [] },
};

/** Functions with no table at all. */
const TABLELESS = ['Api/Health', 'Api/NotFound', 'Api/OpenApi', 'Email/ParseInboundMail', 'Sla/PublishSlaEvents', 'Parts/PublishStockAlerts'];

describe('Lambda functions', () => {
  it('excludes only the three aws-cdk-lib deploy-time providers and finds every house function', () => {
    const excluded = allFunctions.filter(([, f]) => isCdkProvider(cdkPath(f))).map(([, f]) => cdkPath(f));
    expect(excluded).toHaveLength(3);
    expect(functions.map(([, f]) => cdkPath(f).replace(/^[^/]+\//, '')).sort()).toEqual(
      [...TABLELESS, ...Object.keys(TABLE_ACCESS)].map((p) => `${p}/Resource`).sort(),
    );
  });

  it('run Node.js 22 on arm64 with active X-Ray tracing', () => {
    for (const [id, f] of functions) {
      expect({ id, runtime: f.Properties?.Runtime, arch: f.Properties?.Architectures, tracing: f.Properties?.TracingConfig }).toEqual({
        id,
        runtime: 'nodejs22.x',
        arch: ['arm64'],
        tracing: { Mode: 'Active' },
      });
    }
  });

  it('each log to their capability’s log group, with the stage’s retention, and may write to no other', () => {
    const logGroups = functions.map(([id, f]) => {
      const logGroupId = f.Properties?.LoggingConfig?.LogGroup?.Ref;
      expect(resources[logGroupId]?.Type, id).toBe('AWS::Logs::LogGroup');
      expect(resources[logGroupId]?.Properties?.RetentionInDays, id).toBe(logRetentionDays);
      // The log group sits in the same capability construct as the function.
      expect(capabilityOf(cdkPath(resources[logGroupId]!)), id).toBe(capabilityOf(cdkPath(f)));
      const logWrites = statementsOfRole(resources, roleIdOf(f)).filter((st) => actionsOf(st).some((a) => a.startsWith('logs:')));
      const targets = logWrites.flatMap((st) => asArray(st.Resource)).map((r) => (r as { 'Fn::GetAtt'?: string[] })?.['Fn::GetAtt']?.[0]);
      expect(new Set(targets), id).toEqual(new Set([logGroupId]));
      return logGroupId;
    });
    // Shared within a capability, so far fewer groups than functions (CloudFormation's 500-resource limit).
    expect(new Set(logGroups).size).toBeLessThan(functions.length / 3);
  });

  it('each have a role of their own', () => {
    const roles = functions.map(([, f]) => roleIdOf(f));
    expect(new Set(roles).size).toBe(functions.length);
  });

  it('name no `*` resource except in the X-Ray statement', () => {
    for (const [id, f] of functions) {
      const statements = statementsOfRole(resources, roleIdOf(f));
      expect(statements.filter(isXRay).flatMap(actionsOf).sort(), id).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      for (const statement of statements) {
        if (isXRay(statement) || isAttachmentObjects(statement) || isMailObjects(statement)) continue;
        expect(JSON.stringify(statement.Resource), `${id}: ${JSON.stringify(statement)}`).not.toContain('*');
        for (const action of actionsOf(statement)) expect(action, id).not.toContain('*');
      }
    }
  });

  it('do not use the AWSLambdaBasicExecutionRole managed policy', () => {
    for (const [id, f] of functions) {
      const role = resources[roleIdOf(f)]!;
      expect(JSON.stringify(role.Properties?.ManagedPolicyArns ?? []), id).not.toContain('AWSLambdaBasicExecutionRole');
    }
  });

  for (const [path, access] of Object.entries(TABLE_ACCESS)) {
    it(`${path} may only ${access.actions.join(', ')} on the table${access.indexes.length ? ` and ${access.indexes.join(', ')}` : ''}`, () => {
      const [id, f] = fn(`/${path}`);
      const statements = dynamoStatements(statementsOfRole(resources, roleIdOf(f)));
      expect(statements, id).toHaveLength(1);
      expect(actionsOf(statements[0]!).sort()).toEqual(access.actions);
      expect(asArray(statements[0]!.Resource)).toEqual([
        { 'Fn::GetAtt': [tableId, 'Arn'] },
        ...access.indexes.map((name) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${name}`]] })),
      ]);
      expect(f.Properties?.Environment?.Variables?.TABLE_NAME).toEqual({ Ref: tableId });
    });
  }

  it('the mail parser reads inbound/, writes parsed/ and tickets/mail/, and sends to no queue', () => {
    const [id, f] = fn('/Email/ParseInboundMail');
    const statements = statementsOfRole(resources, roleIdOf(f)).filter((s) => !isXRay(s) && !actionsOf(s).some((a) => a.startsWith('logs:')));
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const grantsOf = (s: Statement) => asArray(s.Resource).flatMap((r) => actionsOf(s).map((a) => `${a} ${JSON.stringify(r).match(/"(\/[^"]+)"/)?.[1]}`));
    expect(s3.flatMap(grantsOf).sort(), id).toEqual([
      's3:GetObject /inbound/*',
      's3:PutObject /parsed/*',
      's3:PutObject /tickets/mail/*',
    ]);
    // It hands off by writing parsed/ (S3 notifies the filer's queue): no queue access of its own.
    expect(statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:SendMessage'))), id).toEqual([]);
  });

  it('the sender may send raw mail only as the stack’s domain, through its configuration set', () => {
    const [id, f] = fn('/Outbound/SendOutboundMail');
    const ses = statementsOfRole(resources, roleIdOf(f)).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(ses.flatMap(actionsOf), id).toEqual(['ses:SendRawEmail']);
    const targets = JSON.stringify(ses[0]!.Resource);
    expect(targets).toContain(':identity/');
    expect(targets).toContain(':configuration-set/');
    expect(targets).not.toContain('*');
  });

  it('health and not-found hold no table access at all', () => {
    for (const suffix of ['/Api/Health', '/Api/NotFound', '/Api/OpenApi', '/Email/ParseInboundMail']) {
      const [id, f] = fn(suffix);
      expect(dynamoStatements(statementsOfRole(resources, roleIdOf(f))), id).toEqual([]);
      expect(JSON.stringify(f.Properties?.Environment ?? {}), id).not.toContain(tableId);
    }
  });

  it('no function, ours or the library’s, may Scan the table', () => {
    expect(allFunctions.length).toBeGreaterThan(functions.length);
    for (const [id, f] of allFunctions) {
      for (const statement of statementsOfRole(resources, roleIdOf(f))) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of actionsOf(statement)) expect(grants(action, 'dynamodb:Scan'), `${id} holds ${action}`).toBe(false);
      }
    }
  });
});

import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SfnError, type LocalStateMachines } from './state-machines.ts';
import { closeHttp, listenHttp } from './http-listener.ts';

/**
 * The Step Functions API at AWS_ENDPOINT_URL_SFN, in the AWS JSON 1.0 protocol that
 * `@aws-sdk/client-sfn` speaks (POST /, X-Amz-Target: AWSStepFunctions.<Operation>), answering
 * errors as Step Functions does (`__type` and a message, status 400). Only the operations the
 * handlers of a workflow need are served; state machines come from the template, never from
 * CreateStateMachine.
 */
export class StepFunctionsApi {
  private server?: Server;
  private baseUrl = '';

  constructor(
    private readonly engine: LocalStateMachines,
    private readonly log: (line: string) => void = (l) => console.error(l),
  ) {}

  get endpoint(): string {
    return this.baseUrl;
  }

  private readonly operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    StartExecution: (i) => this.engine.startExecution(i),
    DescribeExecution: (i) => this.engine.describeExecution(i.executionArn),
    ListExecutions: (i) => this.engine.listExecutions(i),
    StopExecution: (i) => this.engine.stopExecution(i.executionArn, i.error, i.cause),
    GetExecutionHistory: (i) => this.engine.executionHistory(i),
    SendTaskSuccess: (i) => (this.engine.sendTaskSuccess(i.taskToken, i.output), {}),
    SendTaskFailure: (i) => (this.engine.sendTaskFailure(i.taskToken, i.error, i.cause), {}),
    SendTaskHeartbeat: (i) => (this.engine.sendTaskHeartbeat(i.taskToken), {}),
  };

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    ({ server: this.server, baseUrl: this.baseUrl } = await listenHttp((req, res) => this.handle(req, res), port, host));
    return this.baseUrl;
  }

  async close(): Promise<void> {
    await closeHttp(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !target.startsWith('AWSStepFunctions.')) {
        throw new SfnError('UnknownOperationException', 'Only the Step Functions JSON protocol (POST / with X-Amz-Target: AWSStepFunctions.<Action>) is served locally');
      }
      const action = target.slice('AWSStepFunctions.'.length);
      const operation = this.operations[action];
      if (!operation) {
        throw new SfnError('UnknownOperationException', `${action} is not served by the local Step Functions (only ${Object.keys(this.operations).join(', ')}): state machines come from the template`);
      }
      const raw = await readBody(req);
      let input: unknown;
      try {
        input = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        throw new SfnError('SerializationException', 'The request body is not valid JSON');
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SfnError('SerializationException', 'The request body must be a JSON object');
      const output = operation(input as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId });
      res.end(JSON.stringify(output));
    } catch (err) {
      const e = err instanceof SfnError ? err : new SfnError('InternalFailure', 'An internal error occurred.', 500);
      if (!(err instanceof SfnError)) this.log(`Local Step Functions failure: ${(err as Error).stack ?? String(err)}`);
      res.writeHead(e.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId, 'x-amzn-errortype': e.code });
      res.end(JSON.stringify({ __type: e.code, message: e.message }));
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Execution input and task output are limited to 256 KiB; far beyond that is no API call.
    if (size > 1024 * 1024) throw new SfnError('ValidationException', 'The request is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

// Proves the local event bus answers PutEvents per entry as EventBridge does, builds the event a target receives, and delivers it to the targets of the enabled rules whose pattern matches.
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { describe, expect, it } from 'vitest';
import { EventBridgeError, LocalEventBridge } from '../../../infra/local/event-bus.ts';
import { compilePattern } from '../../../infra/local/event-pattern.ts';
import type { EventBridgeEvent } from '../../../infra/local/eventbridge-event.ts';
import type { RuleTarget } from '../../../infra/local/rule-targets.ts';

function recordingTarget(id: string): RuleTarget & { got: EventBridgeEvent[] } {
  const got: EventBridgeEvent[] = [];
  return {
    id,
    arn: `arn:aws:sqs:eu-west-1:000000000000:${id}`,
    kind: 'sqs',
    got,
    deliver: async (event) => {
      got.push(event);
      return { targetId: id, arn: '', ok: true };
    },
  };
}

function bus(lines: string[] = []) {
  const engine = new LocalEventBridge({ region: 'eu-west-1', accountId: '000000000000', buses: ['loopdesk-dev'], historySize: 3, log: (l) => lines.push(l) });
  const breached = recordingTarget('Breached');
  const anySla = recordingTarget('AnySla');
  const disabled = recordingTarget('Disabled');
  const rule = (logicalId: string, pattern: unknown, targets: RuleTarget[], enabled = true) =>
    engine.addRule({ logicalId, name: logicalId, arn: `arn:aws:events:eu-west-1:000000000000:rule/loopdesk-dev/${logicalId}`, busName: 'loopdesk-dev', matches: compilePattern(pattern, logicalId), enabled, targets });
  rule('OnBreach', { source: ['loopdesk.sla'], 'detail-type': ['SlaBreached'] }, [breached]);
  rule('OnSla', { source: ['loopdesk.sla'], detail: { priority: ['urgent', 'high'] } }, [anySla]);
  rule('Off', { source: ['loopdesk.sla'] }, [disabled], false);
  return { engine, breached, anySla, disabled, lines };
}

const entry = (over: Record<string, unknown> = {}) => ({ EventBusName: 'loopdesk-dev', Source: 'loopdesk.sla', DetailType: 'SlaBreached', Detail: '{"ticketId":"t1","priority":"high"}', ...over });

describe('LocalEventBridge.putEvents', () => {
  it('answers each entry with its EventId and delivers the event, shaped as EventBridge sends it, to every matching enabled rule', () => {
    const { engine, breached, anySla, disabled } = bus();
    const out = engine.putEvents({ Entries: [entry({ Time: 1_772_442_000.5, Resources: ['arn:aws:dynamodb:eu-west-1:000000000000:table/t'] })] });
    expect(out).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    const event = breached.got[0]!;
    expect(event).toEqual({
      version: '0',
      id: out.Entries[0]!.EventId,
      'detail-type': 'SlaBreached',
      source: 'loopdesk.sla',
      account: '000000000000',
      time: '2026-03-02T09:00:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:dynamodb:eu-west-1:000000000000:table/t'],
      detail: { ticketId: 't1', priority: 'high' },
    });
    expect(EventBridgeSchema.parse(event)).toEqual(event);
    expect(anySla.got).toEqual([event]);
    expect(disabled.got).toEqual([]);
    expect(engine.deliveries).toBe(2);
    expect(engine.list('loopdesk-dev')).toEqual([{ busName: 'loopdesk-dev', busExists: true, event, matchedRules: ['OnBreach', 'OnSla'] }]);
  });

  it('delivers only to the rules whose pattern matches', () => {
    const { engine, breached, anySla } = bus();
    engine.putEvents({ Entries: [entry({ DetailType: 'SlaWarning' }), entry({ Detail: '{"priority":"low"}' }), entry({ Source: 'loopdesk.tickets' })] });
    expect(breached.got.map((e) => e['detail-type'])).toEqual(['SlaBreached']);
    expect(anySla.got.map((e) => e['detail-type'])).toEqual(['SlaWarning']);
  });

  it('fails an entry on its own, with the code and message EventBridge answers, and keeps the others', () => {
    const { engine, breached } = bus();
    const out = engine.putEvents({
      Entries: [
        entry({ Source: undefined }),
        entry({ DetailType: undefined }),
        entry({ Detail: undefined }),
        entry({ Detail: '"a string"' }),
        entry({ Detail: '[1, 2]' }),
        entry({ Detail: '{not json' }),
        entry(),
      ],
    });
    expect(out.FailedEntryCount).toBe(6);
    expect(out.Entries).toEqual([
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { EventId: expect.any(String) },
    ]);
    expect(breached.got).toHaveLength(1);
  });

  it('accepts an event for a bus that does not exist, as EventBridge does, delivers it nowhere, and says so', () => {
    const { engine, breached, anySla, lines } = bus();
    const out = engine.putEvents({ Entries: [entry({ EventBusName: 'loopdesk-prod' })] });
    expect(out).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    expect(breached.got).toEqual([]);
    expect(anySla.got).toEqual([]);
    expect(engine.list('loopdesk-prod')).toEqual([expect.objectContaining({ busName: 'loopdesk-prod', busExists: false, matchedRules: [] })]);
    expect(lines.join('\n')).toMatch(/was put on event bus loopdesk-prod, which does not exist: EventBridge accepts it and delivers it nowhere/);
  });

  it('takes a bus by ARN, and the default bus when none is named', () => {
    const { engine, breached } = bus();
    engine.putEvents({ Entries: [entry({ EventBusName: engine.busArn('loopdesk-dev') }), entry({ EventBusName: undefined })] });
    expect(breached.got).toHaveLength(1);
    expect(engine.list('default')).toHaveLength(1);
    expect(engine.list().map((r) => r.busName)).toEqual(['loopdesk-dev', 'default']);
  });

  it('refuses a whole request EventBridge refuses: no entries, more than 10, over 256 KiB, a global endpoint', () => {
    const { engine } = bus();
    const refused = (input: Record<string, unknown>) => {
      try {
        engine.putEvents(input);
      } catch (err) {
        return err as EventBridgeError;
      }
      throw new Error('accepted');
    };
    expect(refused({})).toMatchObject({ code: 'ValidationException', message: expect.stringMatching(/Member must not be null/) });
    expect(refused({ Entries: [] })).toMatchObject({ code: 'ValidationException', message: expect.stringMatching(/greater than or equal to 1/) });
    expect(refused({ Entries: Array.from({ length: 11 }, () => entry()) })).toMatchObject({ message: expect.stringMatching(/less than or equal to 10/) });
    const big = JSON.stringify({ text: 'x'.repeat(130 * 1024) });
    expect(refused({ Entries: [entry({ Detail: big }), entry({ Detail: big })] })).toMatchObject({ message: 'Total size of the entries in the request is over the limit.' });
    expect(refused({ Entries: [entry()], EndpointId: 'abc.xyz' })).toMatchObject({ message: expect.stringMatching(/EndpointId/) });
    expect(engine.putEvents({ Entries: [entry({ Detail: big })] }).FailedEntryCount).toBe(0);
  });

  it('keeps the last events of each bus only', () => {
    const { engine } = bus();
    for (let i = 0; i < 5; i++) engine.putEvents({ Entries: [entry({ Detail: JSON.stringify({ i }) })] });
    expect(engine.list('loopdesk-dev').map((r) => (r.event.detail as { i: number }).i)).toEqual([2, 3, 4]);
  });
});

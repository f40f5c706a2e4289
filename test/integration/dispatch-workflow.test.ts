// Proves the dispatch workflow end to end on the local runtime: the synthesized state machine, the
// real PlanOffer/Offer functions, answers through the API with task tokens, time moved for timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { DispatchScenario } from '../support/dispatch-scenario.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
let scenario: DispatchScenario;

beforeAll(async () => {
  stack = await startTestStack('dispatch-workflow');
  scenario = new DispatchScenario(stack);
  await scenario.setUp();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

describe('dispatch workflow', () => {
  it('offers the nearest technician first, moves on when they decline, and books the one who accepts', async () => {
    const run = await scenario.dispatch();
    const first = await scenario.answerNext(run, 'decline');
    expect(first.technicianId).toBe('tech-near');
    const second = await scenario.answerNext(run, 'accept', first.token);
    expect(second.technicianId).toBe('tech-mid');

    const done = await stack.stateMachines.waitFor(run.executionArn, 'done');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history).toEqual(['PlanOffer', 'OfferOrGiveUp', 'Offer', 'PlanOffer', 'OfferOrGiveUp', 'Offer', 'Accepted']);
    expect(done.transitions).toBe(7);

    const order = (await scenario.workOrder(run.workOrderId)).body;
    expect(order.status).toBe('accepted');
    expect(order.technicianId).toBe('tech-mid');
    expect(order.scheduledStart).toBe('2027-03-02T01:00:00.000Z');
    expect(order.dispatch.offers.map((o: { technicianId: string; outcome: string; reason?: string }) => [o.technicianId, o.outcome, o.reason])).toEqual([
      ['tech-near', 'declined', 'Too far today'],
      ['tech-mid', 'accepted', undefined],
    ]);
    expect(order).not.toHaveProperty('offerToken');
  });

  it('after every offer is declined or left unanswered, hands the work order to the dispatcher with the reason', async () => {
    // A later day, so the booking above does not change who is asked.
    const run = await scenario.dispatch({ start: '2027-03-03T09:00:00+08:00', end: '2027-03-03T17:00:00+08:00' });
    const a = await scenario.answerNext(run, 'decline');
    const b = await scenario.answerNext(run, 'timeout', a.token);
    const c = await scenario.answerNext(run, 'decline', b.token);
    expect([a.technicianId, b.technicianId, c.technicianId]).toEqual(['tech-near', 'tech-mid', 'tech-far']);

    const done = await stack.stateMachines.waitFor(run.executionArn, 'done');
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history.at(-1)).toBe('GaveUp');
    expect(done.transitions).toBe(12);

    const order = (await scenario.workOrder(run.workOrderId)).body;
    expect(order.status).toBe('unscheduled');
    expect(order.dispatch.state).toBe('gave_up');
    expect(order.dispatch.gaveUp.reason).toBe('offers_exhausted');
    expect(order.dispatch.offers.map((o: { outcome: string }) => o.outcome)).toEqual(['declined', 'expired', 'declined']);

    const board = await callApi(stack, 'GET', '/v1/dispatch/board?from=2027-03-03T00:00:00Z&to=2027-03-04T00:00:00Z', { role: 'agent' });
    const waiting = board.body.unscheduled.find((w: { id: string }) => w.id === run.workOrderId);
    expect(waiting?.dispatch.gaveUp.reason).toBe('offers_exhausted');
  });

  it('answers a late acceptance with 409 once the offer has timed out', async () => {
    const run = await scenario.dispatch({ start: '2027-03-04T09:00:00+08:00', end: '2027-03-04T17:00:00+08:00' });
    const offered = await scenario.answerNext(run, 'timeout');
    // The next technician is being asked now; the first one's accept comes too late.
    await stack.stateMachines.waitFor(run.executionArn, (e) => e.waitingTask !== undefined && e.waitingTask.taskToken !== offered.token);
    await scenario.linkPhoneTo(offered.technicianId);
    const late = await callApi(stack, 'POST', `/v1/work-orders/${run.workOrderId}/offer`, { role: 'technician', body: { answer: 'accept' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('OFFER_NOT_PENDING');
  });

  it('gives up at once with the exclusion counts when nobody can do the job', async () => {
    const ticket = await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Lift stuck', description: 'd' } });
    const created = await callApi(stack, 'POST', '/v1/work-orders', {
      role: 'agent',
      body: {
        ticketId: ticket.body.id,
        type: 'repair',
        summary: 'Lift repair',
        address: 'Somewhere',
        location: { lat: 31.23, lng: 121.499 },
        region: 'pudong',
        skills: [{ skill: 'elevator', minLevel: 1 }],
        window: { start: '2027-03-05T09:00:00+08:00', end: '2027-03-05T17:00:00+08:00' },
        estimatedMinutes: 60,
      },
    });
    const execution = stack.stateMachines.list().find((e) => (e.input as { dispatchId?: string }).dispatchId === created.body.dispatch.id)!;
    const done = await stack.stateMachines.waitFor(execution.executionArn, 'done');
    expect(done.history).toEqual(['PlanOffer', 'OfferOrGiveUp', 'GaveUp']);
    const order = (await scenario.workOrder(created.body.id)).body;
    expect(order.dispatch.gaveUp).toMatchObject({ reason: 'no_eligible_technician', excluded: { missing_skill: 3 } });
  });
});

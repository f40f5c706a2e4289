import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi } from './local-stack.ts';

/*
 * A dispatch on the local runtime driven as people would: a dispatcher creates a work order with
 * automatic dispatch, technicians answer offers from their phone (the one seeded technician login
 * is linked to whichever technician is asked), and time moves with the stack's clock. Used by the
 * end-to-end test and by the benchmark (state transitions per dispatch).
 */

const HOURS = [{ start: '00:00', end: '24:00' }];
/** Three technicians able to do the job, nearest first (km from the job: ~1, ~5, ~10). */
export const TECHNICIANS = [
  { id: 'tech-near', lat: 31.239, lng: 121.499 },
  { id: 'tech-mid', lat: 31.275, lng: 121.499 },
  { id: 'tech-far', lat: 31.32, lng: 121.499 },
].map(({ id, lat, lng }) => ({
  id,
  name: `Technician ${id}`,
  skills: [{ skill: 'boiler', level: 3 }],
  home: { lat, lng },
  regions: ['pudong'],
  timeZone: 'Asia/Shanghai',
  workingHours: { mon: HOURS, tue: HOURS, wed: HOURS, thu: HOURS, fri: HOURS, sat: HOURS, sun: HOURS },
  dailyCapacity: 8,
}));

export class DispatchScenario {
  private phoneUser = '';
  private linked?: string;

  constructor(readonly stack: LocalStack) {}

  async setUp(): Promise<void> {
    this.phoneUser = (await callApi(this.stack, 'PUT', '/v1/me', { role: 'technician', body: { available: true } })).body.id;
    for (const t of TECHNICIANS) await this.putTechnician(t.id, false);
  }

  /** Creates a ticket and a work order with automatic dispatch; answers the execution's ARN. */
  async dispatch(window = { start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T17:00:00+08:00' }): Promise<{ workOrderId: string; executionArn: string }> {
    const ticket = await callApi(this.stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Boiler leaking', description: 'Water under the boiler' } });
    const created = await callApi(this.stack, 'POST', '/v1/work-orders', {
      role: 'agent',
      body: {
        ticketId: ticket.body.id,
        type: 'repair',
        summary: 'Boiler leak',
        address: '100 Century Avenue, Pudong, Shanghai',
        location: { lat: 31.23, lng: 121.499 },
        region: 'pudong',
        skills: [{ skill: 'boiler', minLevel: 2 }],
        window,
        estimatedMinutes: 90,
      },
    });
    if (created.status !== 201) throw new Error(`work order not created: ${created.status} ${JSON.stringify(created.body)}`);
    const dispatchId = created.body.dispatch.id as string;
    const execution = this.stack.stateMachines.list().find((e) => (e.input as { dispatchId?: string }).dispatchId === dispatchId);
    if (!execution) throw new Error('no execution started for the work order');
    return { workOrderId: created.body.id, executionArn: execution.executionArn };
  }

  /** Waits for the next offer of the run and answers it as the technician offered (or lets it time out). */
  async answerNext(run: { workOrderId: string; executionArn: string }, answer: 'accept' | 'decline' | 'timeout', previousToken?: string) {
    const view = await this.stack.stateMachines.waitFor(run.executionArn, (e) => e.waitingTask?.stateName === 'Offer' && e.waitingTask.taskToken !== previousToken);
    const task = view.waitingTask!;
    const technicianId = (task.payload as { technicianId: string }).technicianId;
    if (answer === 'timeout') {
      // Nobody answers: the offer's timeout passes on the stack's clock, at once.
      this.stack.stateMachines.advance(((task.payload as { timeoutSeconds: number }).timeoutSeconds + 1) * 1000);
    } else {
      await this.linkPhoneTo(technicianId);
      const res = await callApi(this.stack, 'POST', `/v1/work-orders/${run.workOrderId}/offer`, {
        role: 'technician',
        body: answer === 'accept' ? { answer } : { answer, reason: 'Too far today' },
      });
      if (res.status !== 200) throw new Error(`${answer} refused: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return { technicianId, token: task.taskToken };
  }

  workOrder(id: string) {
    return callApi(this.stack, 'GET', `/v1/work-orders/${id}`, { role: 'agent' });
  }

  /** The seeded technician login becomes this technician (released from the previous one first). */
  async linkPhoneTo(technicianId: string): Promise<void> {
    if (this.linked === technicianId) return;
    if (this.linked) await this.putTechnician(this.linked, false);
    await this.putTechnician(technicianId, true);
    this.linked = technicianId;
  }

  private async putTechnician(id: string, phone: boolean): Promise<void> {
    const t = TECHNICIANS.find((x) => x.id === id)!;
    const res = await callApi(this.stack, 'PUT', `/v1/technicians/${id}`, { role: 'admin', body: { ...t, ...(phone ? { userId: this.phoneUser } : {}) } });
    if (res.status !== 200) throw new Error(`technician ${id} not saved: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

import type { Technician } from '#shared/field/technician.ts';
import type { DispatchRecord, NewWorkOrder, Offer, WorkOrder, WorkOrderStatus, WorkOrderType } from '#shared/field/work-order.ts';
import type { ApiClient } from './client.ts';

/*
 * The dispatcher's calls (board, work orders, technicians). Types come from the domain as types
 * only, so nothing of zod reaches the console's bundle; the lists below are the console's own.
 */

export type { DispatchRecord, NewWorkOrder, Offer, Technician, WorkOrder, WorkOrderStatus, WorkOrderType };
export type WorkOrderPriority = WorkOrder['priority'];
export type GaveUp = NonNullable<DispatchRecord['gaveUp']>;
export type GiveUpReason = GaveUp['reason'];
export type ExclusionReason = keyof NonNullable<GaveUp['excluded']>;

/** What the board shows of a technician (no contact details, no time off). */
export type BoardTechnician = Pick<Technician, 'id' | 'name' | 'regions' | 'skills' | 'dailyCapacity' | 'timeZone' | 'workingHours' | 'home'>;

export interface Board {
  technicians: BoardTechnician[];
  /** Booked work orders (accepted … signed_off) starting in the range. */
  booked: WorkOrder[];
  /** Work orders waiting for a technician (unscheduled or offered), oldest first. */
  unscheduled: WorkOrder[];
  cursor?: string;
}

export const WORK_ORDER_TYPES = ['installation', 'repair', 'maintenance'] as const satisfies readonly WorkOrderType[];
export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly WorkOrderPriority[];
/** In the order the ranking names them (shared/field/ranking.ts EXCLUSION_REASONS). */
export const EXCLUSION_REASONS = [
  'missing_skill',
  'skill_level',
  'outside_region',
  'not_working_in_window',
  'time_off',
  'booked',
  'at_capacity',
] as const satisfies readonly ExclusionReason[];

/** Which statuses a dispatcher may move a work order to by hand (shared/field/work-order.ts WORK_ORDER_FLOW). */
export function canAssign(status: WorkOrderStatus): boolean {
  return status === 'unscheduled' || status === 'offered' || status === 'accepted';
}
export function canCancel(status: WorkOrderStatus): boolean {
  return status === 'unscheduled' || status === 'offered' || status === 'accepted' || status === 'en_route';
}
/** The workflow starts again only from `unscheduled`, and not while a run is still looking. */
export function canDispatch(order: WorkOrder): boolean {
  return order.status === 'unscheduled' && order.dispatch?.state !== 'running';
}

/** The If-Match of a work order: its version, which is what the ETag carries. */
export function ifMatchOf(order: WorkOrder): string {
  return `"${order.version}"`;
}

const orderPath = (id: string) => `/v1/work-orders/${encodeURIComponent(id)}`;

export function getBoard(api: ApiClient, from: string, to: string): Promise<Board> {
  return api.get<Board>(`/v1/dispatch/board?${new URLSearchParams({ from, to }).toString()}`);
}

export function listTechnicians(api: ApiClient): Promise<{ items: Technician[] }> {
  return api.get<{ items: Technician[] }>('/v1/technicians');
}

export function createWorkOrder(api: ApiClient, input: NewWorkOrder): Promise<WorkOrder> {
  return api.post<WorkOrder>('/v1/work-orders', input);
}

export function getWorkOrder(api: ApiClient, id: string): Promise<WorkOrder> {
  return api.get<WorkOrder>(orderPath(id));
}

export function listTicketWorkOrders(api: ApiClient, ticketId: string): Promise<{ items: WorkOrder[] }> {
  return api.get<{ items: WorkOrder[] }>(`/v1/tickets/${encodeURIComponent(ticketId)}/work-orders`);
}

async function act(api: ApiClient, order: WorkOrder, action: 'dispatch' | 'assign' | 'cancel', body?: unknown): Promise<WorkOrder> {
  const { body: saved } = await api.send<WorkOrder>('POST', `${orderPath(order.id)}/${action}`, {
    ...(body !== undefined ? { body } : {}),
    headers: { 'If-Match': ifMatchOf(order) },
  });
  return saved;
}

/** Starts the automatic dispatch workflow again (only for an unscheduled work order). */
export function dispatchAutomatically(api: ApiClient, order: WorkOrder): Promise<WorkOrder> {
  return act(api, order, 'dispatch');
}

/** Books `technicianId` from `start` (ISO) on the version the dispatcher saw: SLOT_TAKEN, CONFLICT, INVALID_TRANSITION on 409. */
export function assignWorkOrder(api: ApiClient, order: WorkOrder, technicianId: string, start: string): Promise<WorkOrder> {
  return act(api, order, 'assign', { technicianId, start });
}

export function cancelWorkOrder(api: ApiClient, order: WorkOrder, reason: string): Promise<WorkOrder> {
  return act(api, order, 'cancel', { reason });
}

import type { Offer, PhoneLocation, ProgressInput, ServiceReport, WorkOrder, WorkOrderStatus, WorkOrderType } from '#shared/field/work-order.ts';
import type { UploadStart } from './attachments.ts';
import type { ApiClient } from './client.ts';
import { ApiError } from './errors.ts';

/*
 * The technician's side of field service: my jobs and offers, one work order, its progress steps,
 * its photos and signature. Types only from the domain, so no validator lands in the bundle.
 */

export type { Offer, PhoneLocation, ProgressInput, ServiceReport, WorkOrder, WorkOrderStatus, WorkOrderType };
export type WorkOrderPriority = WorkOrder['priority'];

/** The technician record the signed-in user is linked to. */
export interface MyTechnician {
  id: string;
  name: string;
  vanLocationId?: string;
}

export interface MyJobs {
  technician: MyTechnician;
  jobs: WorkOrder[];
}

/** A notice that a job is offered to me (the bell lists it beside the SLA notices). */
export interface WorkOfferNotice {
  id: string;
  at: string;
  kind: 'work_offer';
  ticketId: string;
  ticketNumber: number;
  /** The work order's summary. */
  subject: string;
  workOrderId: string;
  /** When the offer runs out. */
  dueAt: string;
  read: boolean;
}

const orderPath = (id: string) => `/v1/work-orders/${encodeURIComponent(id)}`;

/** Booked jobs starting in [from, to) and every offer waiting for me. */
export function listMyJobs(api: ApiClient, from: string, to: string): Promise<MyJobs> {
  return api.get<MyJobs>(`/v1/me/jobs?${new URLSearchParams({ from, to }).toString()}`);
}

export interface VersionedOrder {
  order: WorkOrder;
  /** `"7"`: what the next step sends back in If-Match. */
  etag: string;
}

function versioned(order: WorkOrder, etag?: string): VersionedOrder {
  return { order, etag: etag ?? `"${order.version}"` };
}

export async function getWorkOrder(api: ApiClient, id: string): Promise<VersionedOrder> {
  const { body, etag } = await api.send<WorkOrder>('GET', orderPath(id));
  return versioned(body, etag);
}

export async function answerOffer(api: ApiClient, id: string, answer: 'accept' | 'decline', reason?: string): Promise<VersionedOrder> {
  const trimmed = reason?.trim();
  const { body, etag } = await api.send<WorkOrder>('POST', `${orderPath(id)}/offer`, { body: { answer, ...(trimmed ? { reason: trimmed } : {}) } });
  return versioned(body, etag);
}

/** One step of the visit, on the version the technician saw (a stale one gets 409 CONFLICT). */
export async function progress(api: ApiClient, id: string, ifMatch: string, step: ProgressInput): Promise<VersionedOrder> {
  const { body, etag } = await api.send<WorkOrder>('POST', `${orderPath(id)}/progress`, { body: step, headers: { 'If-Match': ifMatch } });
  return versioned(body, etag);
}

/** Registers a photo or the signature on the work order; its bytes then go to `upload.url`. */
export function registerWorkOrderFile(api: ApiClient, id: string, file: { name: string; contentType: string; size: number }): Promise<UploadStart> {
  return api.post<UploadStart>(`${orderPath(id)}/attachments`, file);
}

/** A part in my van, as the picker offers it. */
export interface VanPart {
  sku: string;
  name?: string;
  available: number;
}

/**
 * What my van holds. The parts API answers `{ items }` (rows with names) or `{ levels }`; either
 * works. Undefined when there is no van or the stock cannot be read: parts are typed by hand then.
 */
export async function vanStock(api: ApiClient, locationId: string): Promise<VanPart[] | undefined> {
  const id = encodeURIComponent(locationId);
  for (const path of [`/v1/stock-locations/${id}/stock?limit=100`, `/v1/parts/locations/${id}/stock`]) {
    try {
      const body = await api.get<{ items?: VanPartRow[]; levels?: VanPartRow[] }>(path);
      const rows = body.items ?? body.levels;
      if (!Array.isArray(rows)) continue;
      return rows.map((r) => ({ sku: r.sku, ...(r.name ? { name: r.name } : {}), available: r.available ?? r.onHand ?? 0 }));
    } catch (error) {
      // 404: that route is not deployed here; try the other. Anything else: give up quietly.
      if (!(error instanceof ApiError && (error.status === 404 || error.status === 405))) return undefined;
    }
  }
  return undefined;
}

interface VanPartRow {
  sku: string;
  name?: string;
  onHand?: number;
  available?: number;
}

/** The offer waiting for an answer on this order, if it is mine to answer. */
export function pendingOffer(order: WorkOrder, technicianId: string | undefined): Offer | undefined {
  if (order.status !== 'offered') return undefined;
  if (technicianId && order.offeredTo && order.offeredTo !== technicianId) return undefined;
  const last = order.dispatch?.offers.at(-1);
  return last && last.outcome === 'pending' ? last : undefined;
}

/** The fact behind a 409: the API sends it in `details` (or, older shape, beside the code). */
export function errorDetail(error: ApiError, name: string): unknown {
  const nested = error.details['details'];
  if (nested && typeof nested === 'object' && name in nested) return (nested as Record<string, unknown>)[name];
  return error.details[name];
}

import type { Technician } from './technician.ts';
import type { WorkOrder } from './work-order.ts';

/** A work order as stored: the task token of a pending offer lives beside it, never sent to clients. */
export type StoredWorkOrder = WorkOrder & { offerToken?: string };

export interface WorkOrderStore {
  create(order: WorkOrder): Promise<void>;
  get(id: string): Promise<StoredWorkOrder | undefined>;
  /** Saves on the version read (CONFLICT when it moved): the saved item has version + 1. */
  save(order: StoredWorkOrder, expectedVersion: number): Promise<StoredWorkOrder>;
  /** Stores the pending offer's task token on the version the workflow's plan wrote. */
  setOfferToken(id: string, technicianId: string, dispatchId: string, token: string): Promise<boolean>;
  ofTicket(ticketId: string): Promise<WorkOrder[]>;
  /** Booked work orders starting in [from, to): one query per UTC day. */
  booked(from: string, to: string): Promise<WorkOrder[]>;
  /** A technician's booked jobs starting in [from, to), and offers waiting for them whose window starts then. */
  ofTechnician(technicianId: string, from: string, to: string): Promise<WorkOrder[]>;
  unscheduled(limit: number, cursor?: string): Promise<{ orders: WorkOrder[]; cursor?: string }>;
}

export interface TechnicianStore {
  save(technician: Technician): Promise<void>;
  get(id: string): Promise<Technician | undefined>;
  /** Every technician (one partition of an index, page by page: teams have tens to a few thousand). */
  list(): Promise<Technician[]>;
  /** The technician a console login is, if any. */
  ofUser(userId: string): Promise<Technician | undefined>;
}

import type { Ticket } from './ticket.ts';

/** What ticket logic needs from storage; the DynamoDB adapter implements it, tests may too. */
export interface TicketStore {
  /** Allocates the next human ticket number atomically (never reused, never doubled). */
  allocateNumber(): Promise<number>;
  /** Stores a brand-new ticket; fails if the id already exists. */
  insert(ticket: Ticket): Promise<void>;
  get(id: string): Promise<Ticket | undefined>;
}

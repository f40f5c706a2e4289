import type { HistoryEntry } from '../tickets/thread.ts';
import type { Ticket } from '../tickets/ticket.ts';
import type { VersionedWrite } from '../tickets/ticket-store.ts';
import type { OutboxItem } from '../email/outbound-mail.ts';
import type { SlaCalendar, SlaPolicy, SlaTarget } from './sla-config.ts';
import type { SlaEvent, SlaNotice } from './sla-steps.ts';
import type { TicketSla } from './ticket-sla.ts';

export interface SlaConfig {
  policies: SlaPolicy[];
  calendars: SlaCalendar[];
  /** Team id → its lead (escalations notify them). */
  teamLeads: Map<string, string>;
  /** Staff id → email and language, for notices by mail. */
  staff(ids: string[]): Promise<Map<string, { email: string; language?: string }>>;
}

/** A ticket as the SLA sees it: the header and its history (for the status timeline). */
export interface SlaSubject {
  ticket: Ticket;
  history: HistoryEntry[];
}

/** A staff notice as stored and listed. */
export interface StoredNotice extends SlaNotice {
  id: string;
  at: string;
  ticketId: string;
  ticketNumber: number;
  subject: string;
  read: boolean;
}

/** Everything the SLA steps write together, on the ticket version that was read. */
export interface StepsWrite {
  write: VersionedWrite;
  notices: StoredNotice[];
  events: (SlaEvent & { id: string })[];
  mails: OutboxItem[];
  breaches: SlaTarget[];
  day: string;
}

export interface SlaStore {
  config(): Promise<SlaConfig>;
  /** Header and history, read consistently (a stream record may be newer than an eventual read). */
  read(ticketId: string): Promise<SlaSubject | undefined>;
  /**
   * Saves a recomputed summary (and the index keys following it) on the version read, without
   * making a new version: deadlines are derived data, and an agent's edit must not be refused
   * because they moved. False when the ticket changed since (its own stream record follows).
   */
  saveSla(ticket: Ticket, sla: TicketSla | undefined): Promise<boolean>;
  /** Records steps with the ticket change, all or nothing; a VERSION_CONFLICT when the ticket moved. */
  recordSteps(steps: StepsWrite): Promise<void>;
  /** Ids of tickets whose next SLA step is due by `now`, soonest first. */
  due(now: string, limit: number, cursor?: string): Promise<{ ids: string[]; cursor?: string }>;
  /** One page of the tickets in a status (for recomputing after a policy or calendar edit). */
  inStatus(status: string, limit: number, cursor?: string): Promise<{ ids: string[]; cursor?: string }>;
  /** Asks for the next page of a recompute (the table's stream brings it back to the tracker). */
  continueRecompute(job: string, status: string, page: number, cursor: string | undefined): Promise<void>;
}

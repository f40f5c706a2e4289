import type { Ticket } from '../../tickets/ticket.ts';
import { ticketKey } from './field-keys.ts';
import { PRIORITY_RANK } from '../../tickets/ticket-priority.ts';
import { bucketOf } from '../../tickets/ticket-status.ts';

/**
 * Every key of the single table is built here, so the item layout is readable in one place.
 *
 * | item             | pk                    | sk                          |
 * |------------------|-----------------------|-----------------------------|
 * | ticket header    | TICKET#<id>           | TICKET                      |
 * | description      | TICKET#<id>           | TICKET#DESCRIPTION          |
 * | thread entry     | TICKET#<id>           | ENTRY#<createdAt>#<id>      |
 * | history entry    | TICKET#<id>           | HISTORY#<at>#<id>           |
 * | attachment       | TICKET#<id>           | ATTACHMENT#<id>             |
 * | number → id      | TICKETNUMBER#<n>      | TICKET                      |
 * | number counter   | COUNTER#ticket        | COUNTER                     |
 * | customer         | CUSTOMER#<id>         | PROFILE                     |  gsi1: CUSTNAME#<first letter> / <name>#<id>
 * | asset            | CUSTOMER#<id>         | ASSET#<assetId>             |
 * | email → customer | CUSTOMEREMAIL#<email> | CUSTOMER                    |  (claims: one customer per email)
 * | phone → customer | CUSTOMERPHONE#<phone> | CUSTOMER                    |
 * | organization     | ORG#<id>              | PROFILE                     |  gsi1: ORGS / <name>#<id>
 * | directory doc    | DIRECTORY             | <kind>                      |  teams, categories, rules, fields
 * | agent profile    | AGENT#<id>            | PROFILE                     |  gsi1: AGENTS / <email>
 * | team turn        | TEAM#<id>             | TURN                        |  round-robin counter
 * | customer link    | TICKET#<id>           | ACCESS                      |  hash of the private link
 * | rate counter     | RATE#<scope>#<window> | RATE                        |  expires by TTL
 * | idempotency key  | IDEMPOTENCY#<scope>#<key> | REQUEST                 |  expires by TTL (a day)
 * | mail dedupe      | MAILDEDUPE#<key>      | MAIL                        |  expires by TTL (30 days)
 * | Message-ID       | MAILID#<message id>   | MAIL                        |  → ticket (ids we received or sent)
 * | reply reference  | MAILREF#<ref>         | MAIL                        |  → ticket (reply address, marker)
 * | held mail        | HELDMAIL#<ses id>     | HELD                        |  gsi1: HELD#<view> / <receivedAt>#<id>
 * | outbox mail      | OUTBOX#<id>           | MAIL                        |  the table's stream → pipe → outbox queue
 * | suppressed addr  | SUPPRESSED#<address>  | MAIL                        |  from SES bounces and complaints
 * | staff notice     | NOTICE#<staff id>     | <at>#<id>                   |  SLA warnings and escalations; TTL 30 days
 * | SLA event        | SLAEVENT#<id>         | EVENT                       |  the stream carries it to the bus; TTL 7 days
 * | SLA breach count | SLASTATS#<yyyy-mm-dd> | <target>                    |  breaches per day and target, for reports
 * | SLA recompute    | SLARECOMPUTE#<job>    | <status>#<page>             |  one page of open tickets to recompute
 * | part             | PART#<sku>            | PART                        |  gsi1: PARTS / <sku>
 * | stock location   | LOCATION#<id>         | LOCATION                    |  gsi1: LOCATIONS / <kind>#<id>
 * | stock level      | STOCK#<locationId>    | <sku>                       |  gsi1: STOCKPART#<sku> / <locationId>
 * | stock movement   | STOCKMOVE#<id>        | MOVE (transfer: also MOVE#IN) |  gsi1: STOCKLOG#<sku>#<locationId> / <at>#<id>
 * | parts reserved   | PARTSWO#<workOrderId> | RESERVED#<locationId>#<sku> |  units a work order holds reserved
 * | parts used       | PARTSWO#<workOrderId> | ISSUED#<sku>                |  units and cost a work order used
 * | parts cost (WO)  | PARTSWO#<workOrderId> | COST                        |  cost_<currency> roll-up
 * | parts cost (tkt) | PARTSTICKET#<ticketId> | COST                       |  cost_<currency> roll-up
 * | stock alert      | STOCKALERT#<yyyy-mm-dd> | <locationId>#<sku>        |  the stream carries it to the bus; TTL 30 days
 * Field-service keys are built in field-keys.ts (kept apart from this object, which every bundle
 * carries); their layout is listed here with the rest.
 * | technician       | TECH#<id>             | TECH                        |  gsi1: TECHS / <id>
 * | user → tech      | TECHUSER#<userId>     | TECH                        |  which technician a login is
 * | work order       | WO#<id>               | WO                          |  gsi1: WOTICKET#<ticketId> / <createdAt>
 * |                  |                       |                             |  gsi2: WODAY#<utc day> / <scheduledStart> (booked)
 * |                  |                       |                             |  gsi4: WOTECH#<techId> / <scheduledStart> (booked)
 * |                  |                       |                             |  gsi5: WOUNSCHEDULED / <window start> (waiting)
 *
 * A ticket detail page is one Query on pk TICKET#<id>: header, description, thread and history.
 * The description lives beside the header, not in it, so the indexes (which copy the whole header)
 * never pay for long text: a header stays under 1 KB, one write unit per index.
 *
 * Ticket index keys (each a designed queue; every queue page is one Query):
 * | index | pk                                   | sk                               | serves                        |
 * |-------|--------------------------------------|----------------------------------|-------------------------------|
 * | gsi1  | STATUS#<status>                      | <updatedAt>                 | status views, latest first    |
 * | gsi2  | CUSTOMER#<customerId>                | <updatedAt>                 | a customer's tickets          |
 * | gsi3  | SLADUE                               | <nextStepAt>                | the SLA sweep: steps now due  |
 * | gsi4  | ASSIGNEE#<id> or UNASSIGNED#<team>   | <bucket>#<updatedAt>        | mine / unassigned, by bucket  |
 * | gsi5  | TEAM#<teamId or none>                | <bucket>#<updatedAt>        | a team's queue, by bucket     |
 * | gsi6  | STATUS#<status>                      | <priorityRank>#<updatedAt>  | status views, most urgent     |
 * | gsi7  | as gsi4 (open work only)             | <bucket>#<priorityRank>#<upd> | mine / unassigned, most urgent |
 * | gsi8  | as gsi5 (open work only)             | <bucket>#<priorityRank>#<upd> | a team's queue, most urgent   |
 * | gsi9  | gsi7pk (as gsi4, open work only)     | gsi9sk: <bucket>#<nextDueAt or ~> | mine / unassigned, by deadline |
 * | gsi10 | gsi8pk (as gsi5, open work only)     | gsi9sk (the same attribute)      | a team's queue, by deadline   |
 * | gsi11 | SLA                                  | <nextDueAt>                 | breached and at-risk tickets  |
 *
 * gsi3 holds a ticket only while its SLA owes a step (warning, breach, escalation), so a sweep
 * reads exactly the tickets due, however many are open. gsi11 holds only running clocks.
 * gsi9 and gsi10 reuse existing key attributes (INDEX_KEYS): every attribute on the header is
 * copied into every index, so a key that repeats a value already there only makes each write dearer.
 *
 * gsi7 and gsi8 are sparse: a resolved or closed ticket leaves them (its header is rewritten
 * without their keys), so nobody pays to keep finished work sorted by urgency.
 */
export const FIRST_TICKET_NUMBER = 1001;

export const keys = {
  ticket: ticketKey,
  description: (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET#DESCRIPTION' }),
  ticketPartition: (id: string) => `TICKET#${id}`,
  entry: (ticketId: string, createdAt: string, id: string) => ({ pk: `TICKET#${ticketId}`, sk: `ENTRY#${createdAt}#${id}` }),
  history: (ticketId: string, at: string, id: string) => ({ pk: `TICKET#${ticketId}`, sk: `HISTORY#${at}#${id}` }),
  attachment: (ticketId: string, id: string) => ({ pk: `TICKET#${ticketId}`, sk: `ATTACHMENT#${id}` }),
  ticketNumber: (n: number) => ({ pk: `TICKETNUMBER#${n}`, sk: 'TICKET' }),
  ticketCounter: () => ({ pk: 'COUNTER#ticket', sk: 'COUNTER' }),
  customer: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'PROFILE' }),
  customerPartition: (id: string) => `CUSTOMER#${id}`,
  asset: (customerId: string, id: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `ASSET#${id}` }),
  customerEmail: (email: string) => ({ pk: `CUSTOMEREMAIL#${email}`, sk: 'CUSTOMER' }),
  customerPhone: (phone: string) => ({ pk: `CUSTOMERPHONE#${phone}`, sk: 'CUSTOMER' }),
  customerName: (normalizedName: string, id: string) => ({
    gsi1pk: `CUSTNAME#${[...normalizedName][0] ?? '_'}`,
    gsi1sk: `${normalizedName}#${id}`,
  }),
  customerNamePartition: (normalizedPrefix: string) => `CUSTNAME#${[...normalizedPrefix][0] ?? '_'}`,
  organization: (id: string) => ({ pk: `ORG#${id}`, sk: 'PROFILE' }),
  organizationListing: (normalizedName: string, id: string) => ({ gsi1pk: 'ORGS', gsi1sk: `${normalizedName}#${id}` }),
  directory: (kind: string) => ({ pk: 'DIRECTORY', sk: kind }),
  agent: (id: string) => ({ pk: `AGENT#${id}`, sk: 'PROFILE' }),
  agentListing: (email: string) => ({ gsi1pk: 'AGENTS', gsi1sk: email }),
  teamTurn: (teamId: string) => ({ pk: `TEAM#${teamId}`, sk: 'TURN' }),
  ticketAccess: (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'ACCESS' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'REQUEST' }),
  rate: (scope: string, window: number) => ({ pk: `RATE#${scope}#${window}`, sk: 'RATE' }),
  mailDedupe: (key: string) => ({ pk: `MAILDEDUPE#${key}`, sk: 'MAIL' }),
  mailMessageId: (messageId: string) => ({ pk: `MAILID#${messageId.slice(0, 500)}`, sk: 'MAIL' }),
  mailReference: (ref: string) => ({ pk: `MAILREF#${ref}`, sk: 'MAIL' }),
  outbox: (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'MAIL' }),
  suppressed: (address: string) => ({ pk: `SUPPRESSED#${address.toLowerCase()}`, sk: 'MAIL' }),
  heldMail: (sesMessageId: string) => ({ pk: `HELDMAIL#${sesMessageId}`, sk: 'HELD' }),
  notice: (recipientId: string, at: string, id: string) => ({ pk: `NOTICE#${recipientId}`, sk: `${at}#${id}` }),
  noticePartition: (recipientId: string) => `NOTICE#${recipientId}`,
  slaEvent: (id: string) => ({ pk: `SLAEVENT#${id}`, sk: 'EVENT' }),
  slaStats: (day: string, target: string) => ({ pk: `SLASTATS#${day}`, sk: target }),
  slaRecompute: (job: string, status: string, page: number) => ({ pk: `SLARECOMPUTE#${job}`, sk: `${status}#${String(page).padStart(6, '0')}` }),
  heldMailListing: (view: string, receivedAt: string, sesMessageId: string) => ({ gsi1pk: `HELD#${view}`, gsi1sk: `${receivedAt}#${sesMessageId}` }),
  part: (sku: string) => ({ pk: `PART#${sku}`, sk: 'PART' }),
  partListing: (sku: string) => ({ gsi1pk: 'PARTS', gsi1sk: sku }),
  stockLocation: (id: string) => ({ pk: `LOCATION#${id}`, sk: 'LOCATION' }),
  stockLocationListing: (kind: string, id: string) => ({ gsi1pk: 'LOCATIONS', gsi1sk: `${kind}#${id}` }),
  stockLevel: (locationId: string, sku: string) => ({ pk: `STOCK#${locationId}`, sk: sku }),
  stockLevelPartition: (locationId: string) => `STOCK#${locationId}`,
  stockOfPart: (sku: string, locationId: string) => ({ gsi1pk: `STOCKPART#${sku}`, gsi1sk: locationId }),
  stockOfPartPartition: (sku: string) => `STOCKPART#${sku}`,
  stockMovement: (id: string, leg: 'MOVE' | 'MOVE#IN' = 'MOVE') => ({ pk: `STOCKMOVE#${id}`, sk: leg }),
  stockLedger: (sku: string, locationId: string, at: string, id: string) => ({ gsi1pk: `STOCKLOG#${sku}#${locationId}`, gsi1sk: `${at}#${id}` }),
  stockLedgerPartition: (sku: string, locationId: string) => `STOCKLOG#${sku}#${locationId}`,
  partsReserved: (workOrderId: string, locationId: string, sku: string) => ({ pk: `PARTSWO#${workOrderId}`, sk: `RESERVED#${locationId}#${sku}` }),
  partsIssued: (workOrderId: string, sku: string) => ({ pk: `PARTSWO#${workOrderId}`, sk: `ISSUED#${sku}` }),
  workOrderPartsPartition: (workOrderId: string) => `PARTSWO#${workOrderId}`,
  workOrderPartsCost: (workOrderId: string) => ({ pk: `PARTSWO#${workOrderId}`, sk: 'COST' }),
  ticketPartsCost: (ticketId: string) => ({ pk: `PARTSTICKET#${ticketId}`, sk: 'COST' }),
  stockAlert: (day: string, locationId: string, sku: string) => ({ pk: `STOCKALERT#${day}`, sk: `${locationId}#${sku}` }),
  stockAlertPartition: (day: string) => `STOCKALERT#${day}`,
} as const;

/** The index attributes of a ticket, recomputed on every write so queues never go stale. */
export function ticketIndexKeys(t: Ticket): Record<string, string> {
  // Sort keys need not be unique in an index (the table's key tells rows apart and continues a page),
  // and each byte here is copied into every index: no ticket id in them.
  const updated = t.updatedAt;
  const bucket = bucketOf(t.status);
  return {
    gsi1pk: `STATUS#${t.status}`,
    gsi1sk: updated,
    ...(t.customerId ? { gsi2pk: `CUSTOMER#${t.customerId}`, gsi2sk: updated } : {}),
    gsi4pk: t.assigneeId ? `ASSIGNEE#${t.assigneeId}` : `UNASSIGNED#${t.teamId ?? 'none'}`,
    gsi4sk: `${bucket}#${updated}`,
    gsi5pk: `TEAM#${t.teamId ?? 'none'}`,
    gsi5sk: `${bucket}#${updated}`,
    gsi6pk: `STATUS#${t.status}`,
    gsi6sk: `${PRIORITY_RANK[t.priority]}#${updated}`,
    ...(bucket === 'solved'
      ? {}
      : {
          gsi7pk: t.assigneeId ? `ASSIGNEE#${t.assigneeId}` : `UNASSIGNED#${t.teamId ?? 'none'}`,
          gsi7sk: `${bucket}#${PRIORITY_RANK[t.priority]}#${updated}`,
          gsi8pk: `TEAM#${t.teamId ?? 'none'}`,
          gsi8sk: `${bucket}#${PRIORITY_RANK[t.priority]}#${updated}`,
        }),
    ...slaIndexKeys(t),
  };
}

/** Index keys that follow the ticket's SLA; empty ones are removed from the item (sparse indexes). */
export const SLA_INDEX_ATTRIBUTES = ['gsi3pk', 'gsi3sk', 'gsi9sk', 'gsi11pk', 'gsi11sk'] as const;

export function slaIndexKeys(t: Pick<Ticket, 'id' | 'status' | 'assigneeId' | 'teamId' | 'sla'>): Record<string, string> {
  const bucket = bucketOf(t.status);
  const due = t.sla?.nextDueAt;
  return {
    // A solved ticket may still owe one step: recording a breach its late answer caused.
    ...(t.sla?.nextStepAt ? { gsi3pk: 'SLADUE', gsi3sk: t.sla.nextStepAt } : {}),
    ...(bucket === 'solved'
      ? {}
      : {
          // Tickets without a running clock sort after every deadline ("~" follows digits).
          // Partition keys: gsi7pk and gsi8pk, written by ticketIndexKeys (see INDEX_KEYS).
          gsi9sk: `${bucket}#${due ?? '~'}`,
          ...(due ? { gsi11pk: 'SLA', gsi11sk: due } : {}),
        }),
  };
}

export const INDEX_NAMES = ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5', 'gsi6', 'gsi7', 'gsi8', 'gsi9', 'gsi10', 'gsi11'] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

/** Each index's key attributes: `<name>pk` / `<name>sk`, except where an index shares existing ones. */
export function indexKeys(index: IndexName): { pk: string; sk: string } {
  if (index === 'gsi9') return { pk: 'gsi7pk', sk: 'gsi9sk' };
  if (index === 'gsi10') return { pk: 'gsi8pk', sk: 'gsi9sk' };
  return { pk: `${index}pk`, sk: `${index}sk` };
}

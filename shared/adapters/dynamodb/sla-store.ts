import { VersionConflictError } from '../../tickets/apply-update.ts';
import { historyEntrySchema } from '../../tickets/thread.ts';
import { ticketSchema, type Ticket } from '../../tickets/ticket.ts';
import type { Team } from '../../directory/directory.ts';
import type { SlaCalendar, SlaPolicy } from '../../sla/sla-config.ts';
import type { SlaConfig, SlaStore, SlaSubject, StepsWrite } from '../../sla/sla-store.ts';
import type { TicketSla } from '../../sla/ticket-sla.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { keys, SLA_INDEX_ATTRIBUTES, slaIndexKeys } from './keys.ts';
import { ConditionFailedError, type Item, type Table, type TransactAction } from './table.ts';
import { historyItem, outboxItem, versionedPut } from './ticket-store.ts';

const NOTICE_DAYS = 30;
const EVENT_DAYS = 7;
const DAY_S = 86_400;

/** SLA reads and writes on the single table (see keys.ts for the items and indexes). */
export class DynamoSlaStore implements SlaStore {
  constructor(private readonly table: Table) {}

  async config(): Promise<SlaConfig> {
    const docs = await this.table.batchGet('getSlaConfig', [keys.directory('sla-policies'), keys.directory('sla-calendars'), keys.directory('teams')]);
    const items = <T>(kind: string) => ((docs.find((d) => d.sk === kind)?.items ?? []) as T[]);
    const teams = items<Team>('teams');
    return {
      policies: items<SlaPolicy>('sla-policies'),
      calendars: items<SlaCalendar>('sla-calendars'),
      teamLeads: new Map(teams.filter((t) => t.leadId).map((t) => [t.id, t.leadId!])),
      staff: async (ids) => {
        const found = ids.length ? await this.table.batchGet('getNoticeRecipients', ids.map((id) => keys.agent(id))) : [];
        return new Map(found.map((a) => [String(a.id), { email: String(a.email), ...(a.language ? { language: String(a.language) } : {}) }]));
      },
    };
  }

  /** One Query from the first history record to the header: sort keys HISTORY#… < TICKET, skipping the thread. */
  async read(ticketId: string): Promise<SlaSubject | undefined> {
    let header: Item | undefined;
    const history = [];
    let startKey: Item | undefined;
    do {
      const page = await this.table.query('readSlaSubject', {
        keyCondition: 'pk = :pk AND sk BETWEEN :from AND :to',
        values: { ':pk': keys.ticketPartition(ticketId), ':from': 'HISTORY#', ':to': 'TICKET' },
        consistent: true,
        startKey,
      });
      for (const item of page.items) {
        if (item.itemType === 'ticket') header = item;
        else if (item.itemType === 'history') history.push(historyEntrySchema.parse(item));
      }
      startKey = page.lastKey;
    } while (startKey);
    return header ? { ticket: ticketSchema.parse({ ...header, description: '' }), history } : undefined;
  }

  async saveSla(ticket: Ticket, sla: TicketSla | undefined): Promise<boolean> {
    const indexKeys = slaIndexKeys({ ...ticket, sla });
    const removed = SLA_INDEX_ATTRIBUTES.filter((a) => !(a in indexKeys));
    const sets = Object.keys(indexKeys).map((k) => `${k} = :${k}`);
    const values: Item = { ':v': ticket.version, ':writer': 'sla', ...Object.fromEntries(Object.entries(indexKeys).map(([k, v]) => [`:${k}`, v])) };
    if (sla) values[':sla'] = sla;
    const expression = [`SET writer = :writer${sla ? ', sla = :sla' : ''}${sets.length ? `, ${sets.join(', ')}` : ''}`, removed.length || !sla ? `REMOVE ${[...(sla ? [] : ['sla']), ...removed].join(', ')}` : '']
      .filter(Boolean)
      .join(' ');
    try {
      await this.table.update('saveSla', keys.ticket(ticket.id), expression, values, undefined, 'version = :v');
      return true;
    } catch (err) {
      if (err instanceof ConditionFailedError) return false;
      throw err;
    }
  }

  async recordSteps(s: StepsWrite): Promise<void> {
    const actions: TransactAction[] = [versionedPut(s.write)];
    if (s.write.history) actions.push({ put: { item: historyItem(s.write.history), condition: { expression: 'attribute_not_exists(pk)' } } });
    const at = Math.floor(Date.parse(s.write.next.updatedAt) / 1000);
    for (const n of s.notices) {
      actions.push({ put: { item: { ...keys.notice(n.recipientId, n.at, n.id), itemType: 'notice', ...n, expiresAt: at + NOTICE_DAYS * DAY_S } } });
    }
    for (const e of s.events) {
      actions.push({ put: { item: { ...keys.slaEvent(e.id), itemType: 'slaEvent', id: e.id, detailType: e.detailType, detail: e.detail, expiresAt: at + EVENT_DAYS * DAY_S } } });
    }
    for (const m of s.mails) actions.push({ put: { item: outboxItem(m), condition: { expression: 'attribute_not_exists(pk)' } } });
    for (const target of new Set(s.breaches)) {
      const count = s.breaches.filter((b) => b === target).length;
      actions.push({ update: { key: keys.slaStats(s.day, target), expression: 'SET itemType = :t ADD breaches :n', values: { ':t': 'slaStats', ':n': count } } });
    }
    try {
      await this.table.transact('recordSlaSteps', actions);
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      const current = await this.read(s.write.next.id);
      throw new VersionConflictError(current?.ticket ?? s.write.next);
    }
  }

  async due(now: string, limit: number, cursor?: string): Promise<{ ids: string[]; cursor?: string }> {
    const page = await this.table.query('querySlaDue', {
      index: 'gsi3',
      keyCondition: 'gsi3pk = :pk AND gsi3sk <= :now',
      values: { ':pk': 'SLADUE', ':now': now },
      limit,
      startKey: cursor ? decodeCursor(cursor, 'gsi3pk', 'SLADUE') : undefined,
    });
    return { ids: page.items.map((i) => String(i.id)), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  async inStatus(status: string, limit: number, cursor?: string): Promise<{ ids: string[]; cursor?: string }> {
    const partition = `STATUS#${status}`;
    const page = await this.table.query('queryStatusForSla', {
      index: 'gsi1',
      keyCondition: 'gsi1pk = :pk',
      values: { ':pk': partition },
      limit,
      startKey: cursor ? decodeCursor(cursor, 'gsi1pk', partition) : undefined,
    });
    return { ids: page.items.map((i) => String(i.id)), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
  }

  async continueRecompute(job: string, status: string, page: number, cursor: string | undefined): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + DAY_S;
    await this.table.put('continueSlaRecompute', { ...keys.slaRecompute(job, status, page), itemType: 'slaRecompute', job, status, page, ...(cursor ? { cursor } : {}), expiresAt });
  }
}

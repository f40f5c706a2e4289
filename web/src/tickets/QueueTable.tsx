import type { TicketRow } from '../api/tickets.ts';
import { PriorityBadge, StatusBadge } from '../components/Badge.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import { AssigneeName } from './people.tsx';
import { SlaBadge } from './SlaBadge.tsx';

/** A named run of consecutive rows (the at-risk list: breached, then at risk). */
export interface RowGroup {
  key: string;
  label: string;
}

interface QueueTableProps {
  rows: TicketRow[];
  me: string;
  selected: ReadonlySet<string>;
  /** Index of the keyboard cursor (j/k), or -1. */
  focus: number;
  onToggle(id: string): void;
  onFocus(index: number): void;
  onOpen(row: TicketRow): void;
  /** Rows arrive in group order; each group gets its own body with a heading row. */
  groupOf?(row: TicketRow): RowGroup;
}

const COLUMNS = 7;

interface Section {
  group?: RowGroup;
  /** Rows with their index in the whole list (the keyboard cursor counts across groups). */
  rows: { row: TicketRow; index: number }[];
}

/** Consecutive rows of the same group together; one section without groups. */
function sectionsOf(rows: TicketRow[], groupOf: QueueTableProps['groupOf']): Section[] {
  const sections: Section[] = [];
  rows.forEach((row, index) => {
    const group = groupOf?.(row);
    const last = sections[sections.length - 1];
    if (last && last.group?.key === group?.key) last.rows.push({ row, index });
    else sections.push({ ...(group ? { group } : {}), rows: [{ row, index }] });
  });
  return sections;
}

/** A table on wide screens; the same markup is laid out as cards on phones (see styles.css). */
export function QueueTable({ rows, me, selected, focus, onToggle, onFocus, onOpen, groupOf }: QueueTableProps) {
  const { t } = useI18n();
  return (
    <table class="queue-table" data-testid="queue-table">
      <thead>
        <tr>
          <th class="cell-check" scope="col">
            <span class="visually-hidden">{t('bulk.select')}</span>
          </th>
          <th class="cell-subject" scope="col">
            {t('queue.col.subject')}
          </th>
          <th class="cell-status" scope="col">
            {t('queue.col.status')}
          </th>
          <th class="cell-priority" scope="col">
            {t('queue.col.priority')}
          </th>
          <th class="cell-sla" scope="col">
            {t('sla.col')}
          </th>
          <th class="cell-assignee" scope="col">
            {t('queue.col.assignee')}
          </th>
          <th class="cell-updated" scope="col">
            {t('queue.col.updated')}
          </th>
        </tr>
      </thead>
      {sectionsOf(rows, groupOf).map((section) => (
        <tbody key={section.group?.key ?? 'rows'} class={section.group ? `queue-group-${section.group.key}` : undefined} data-group={section.group?.key}>
          {section.group ? (
            <tr class="queue-group" data-testid="queue-group">
              <th scope="rowgroup" colSpan={COLUMNS}>
                {section.group.label}
              </th>
            </tr>
          ) : null}
          {section.rows.map(({ row, index }) => (
            <QueueRow
              key={row.id}
              row={row}
              index={index}
              me={me}
              isSelected={selected.has(row.id)}
              isFocused={index === focus}
              onToggle={onToggle}
              onFocus={onFocus}
              onOpen={onOpen}
            />
          ))}
        </tbody>
      ))}
    </table>
  );
}

interface QueueRowProps {
  row: TicketRow;
  index: number;
  me: string;
  isSelected: boolean;
  isFocused: boolean;
  onToggle(id: string): void;
  onFocus(index: number): void;
  onOpen(row: TicketRow): void;
}

function QueueRow({ row, index, me, isSelected, isFocused, onToggle, onFocus, onOpen }: QueueRowProps) {
  const { t, formatDate, formatRelative } = useI18n();
  const customer = row.customerEmail ?? row.customerName;
  return (
    <tr
      class={`queue-row${isFocused ? ' is-focused' : ''}${isSelected ? ' is-selected' : ''}`}
      tabIndex={-1}
      data-testid="queue-row"
      data-row-index={index}
      data-ticket-id={row.id}
      data-number={row.number}
      data-priority={row.priority}
      data-focused={isFocused ? 'true' : undefined}
      onClick={(event) => {
        // The checkbox and the link handle their own clicks.
        if ((event.target as HTMLElement).closest('input, label, a')) return;
        onFocus(index);
        onOpen(row);
      }}
    >
      <td class="cell-check">
        <input
          type="checkbox"
          data-testid="queue-row-checkbox"
          aria-label={t('bulk.selectTicket', { number: row.number })}
          checked={isSelected}
          onChange={() => {
            onFocus(index);
            onToggle(row.id);
          }}
        />
      </td>
      <td class="cell-subject">
        <a class="queue-subject" href={paths.ticket(row.id)} data-testid="queue-row-subject" onClick={() => onFocus(index)}>
          {row.subject}
        </a>
        <span class="queue-meta">
          <span class="queue-number" data-testid="queue-row-number">
            #{row.number}
          </span>
          {customer ? (
            <>
              {' · '}
              <span class="queue-customer" data-testid="queue-row-customer">
                {customer}
              </span>
            </>
          ) : null}
        </span>
      </td>
      <td class="cell-status">
        <StatusBadge status={row.status} testId="queue-row-status" />
      </td>
      <td class="cell-priority">
        <PriorityBadge priority={row.priority} testId="queue-row-priority" />
      </td>
      <td class="cell-sla">
        <SlaBadge sla={row.sla} testId="queue-row-sla" />
      </td>
      <td class="cell-assignee" data-testid="queue-row-assignee">
        <AssigneeName id={row.assigneeId} me={me} />
      </td>
      <td class="cell-updated">
        <time dateTime={row.updatedAt} title={formatDate(row.updatedAt)}>
          {formatRelative(row.updatedAt)}
        </time>
      </td>
    </tr>
  );
}

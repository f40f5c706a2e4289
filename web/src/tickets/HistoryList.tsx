import type { HistoryEntry } from '../api/tickets.ts';
import { useNames } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import { shortId } from './people.tsx';
import { fieldLabel, valueText } from './values.ts';

const isCreation = (entry: HistoryEntry) =>
  entry.changes.length === 1 && entry.changes[0]?.field === 'status' && entry.changes[0].from === null;

/** Who changed what (old → new) and when, newest first, folded away until asked for. */
export function HistoryList({ history, me }: { history: HistoryEntry[]; me: string }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const names = useNames();
  const sorted = [...history].sort((a, b) => b.at.localeCompare(a.at));

  const actorOf = (entry: HistoryEntry) => {
    if (entry.actor.type === 'system') return t('thread.system');
    if (entry.actor.type === 'customer') return t('thread.customer');
    return entry.actor.id === me ? t('thread.you') : (names.person(entry.actor.id) ?? shortId(entry.actor.id));
  };

  return (
    <details class="card history" data-testid="history">
      <summary class="history-summary" data-testid="history-toggle">
        {t('history.title', { count: history.length })}
      </summary>
      <ol class="history-list">
        {sorted.map((entry) => (
          <li key={entry.id} class="history-entry" data-testid="history-entry">
            <div class="history-head">
              <span class="history-actor" title={entry.actor.id} translate={entry.actor.type === 'agent' && entry.actor.id !== me ? false : undefined}>
                {actorOf(entry)}
              </span>
              <time dateTime={entry.at}>{formatDate(entry.at)}</time>
            </div>
            {isCreation(entry) ? (
              <p class="history-change" data-testid="history-change" data-field="created">
                {t('history.created')}
              </p>
            ) : (
              <ul class="history-changes">
                {entry.changes.map((change, i) => (
                  <li key={i} class="history-change" data-testid="history-change" data-field={change.field}>
                    <span class="history-field">{fieldLabel(i18n, change.field)}</span>
                    {t('history.labelSeparator')}
                    <del class="history-from">{valueText(i18n, change.field, change.from, me, names)}</del>
                    {' → '}
                    <ins class="history-to">{valueText(i18n, change.field, change.to, me, names)}</ins>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

import { useState } from 'preact/hooks';
import type { Ticket } from '../api/tickets.ts';
import { PRIORITIES } from '../api/tickets.ts';
import { isTicketStaff } from '../api/directory.ts';
import { sortedPeople, useAgents } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import { AssigneeName } from './people.tsx';
import { SlaClocks } from './SlaClocks.tsx';
import type { Edit } from './ticket-edit.ts';
import { TAGS_MAX, TAG_MAX_LENGTH, normalizeTag, statusChoices } from './ticket-edit.ts';

interface PropertiesPanelProps {
  /** The ticket as saved on the server: decides which status moves are offered. */
  ticket: Ticket;
  /** The ticket with the edit in flight applied, which is what the controls show. */
  shown: Ticket;
  me: string;
  readOnly: boolean;
  busy: boolean;
  saveState?: 'saving' | 'saved';
  onEdit(edit: Edit): void;
  onTake(): void;
}

/** Status, priority, assignee and tags (every change saved at once with the version it was made on), then the SLA clocks. */
export function PropertiesPanel({ ticket, shown, me, readOnly, busy, saveState, onEdit, onTake }: PropertiesPanelProps) {
  const { t } = useI18n();
  const agents = useAgents().data;
  const [tagText, setTagText] = useState('');
  const [tagProblem, setTagProblem] = useState<string>();
  const disabled = readOnly || busy;
  const tags = shown.tags ?? [];

  function addTag(event: Event) {
    event.preventDefault();
    if (!tagText.trim()) return;
    const tag = normalizeTag(tagText);
    if (!tag) return setTagProblem(t('tags.invalid', { max: TAG_MAX_LENGTH }));
    if (tags.includes(tag)) return setTagText('');
    if (tags.length >= TAGS_MAX) return setTagProblem(t('tags.tooMany', { max: TAGS_MAX }));
    setTagProblem(undefined);
    setTagText('');
    onEdit({ field: 'tags', add: tag });
  }

  return (
    <section class="card panel properties" data-testid="properties" aria-labelledby="properties-title">
      <div class="panel-head">
        <h2 class="card-title" id="properties-title">
          {t('props.title')}
        </h2>
        <span class="save-state" role="status" data-testid="save-state" data-state={saveState ?? ''}>
          {saveState === 'saving' ? t('props.saving') : saveState === 'saved' ? t('props.saved') : ''}
        </span>
      </div>

      <div class="prop">
        <label class="prop-label" for="prop-status">
          {t('ticket.status')}
        </label>
        <select
          id="prop-status"
          data-testid="prop-status"
          value={shown.status}
          disabled={disabled}
          onChange={(e) => {
            const value = statusChoices(ticket.status).find((s) => s === e.currentTarget.value);
            if (value && value !== ticket.status) onEdit({ field: 'status', value });
          }}
        >
          {statusChoices(ticket.status).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>

      <div class="prop">
        <label class="prop-label" for="prop-priority">
          {t('ticket.priority')}
        </label>
        <select
          id="prop-priority"
          data-testid="prop-priority"
          value={shown.priority}
          disabled={disabled}
          onChange={(e) => {
            const value = PRIORITIES.find((p) => p === e.currentTarget.value);
            if (value && value !== ticket.priority) onEdit({ field: 'priority', value });
          }}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </div>

      <div class="prop">
        <span class="prop-label" id="prop-assignee-label">
          {t('field.assignee')}
        </span>
        <div class="prop-assignee" aria-labelledby="prop-assignee-label">
          <span data-testid="prop-assignee">
            <AssigneeName id={shown.assigneeId} me={me} />
          </span>
          {readOnly ? null : (
            <span class="prop-assignee-actions">
              {!shown.assigneeId ? (
                <button type="button" class="button button-quiet button-small" data-testid="prop-take" disabled={busy} onClick={onTake}>
                  {t('props.take')}
                </button>
              ) : shown.assigneeId !== me ? (
                <button type="button" class="button button-quiet button-small" data-testid="prop-assign-me" disabled={busy} onClick={() => onEdit({ field: 'assignee', value: me })}>
                  {t('props.assignToMe')}
                </button>
              ) : null}
              {shown.assigneeId ? (
                <button type="button" class="button button-quiet button-small" data-testid="prop-unassign" disabled={busy} onClick={() => onEdit({ field: 'assignee', value: null })}>
                  {t('props.unassign')}
                </button>
              ) : null}
            </span>
          )}
        </div>
        {readOnly ? null : (
          <div class="prop-assign-to">
            <label class="visually-hidden" for="prop-assign-to">
              {t('props.assignTo')}
            </label>
            <select
              id="prop-assign-to"
              data-testid="prop-assign-to"
              value=""
              disabled={busy || !agents}
              onChange={(e) => {
                const value = e.currentTarget.value;
                e.currentTarget.value = '';
                if (value && value !== shown.assigneeId) onEdit({ field: 'assignee', value });
              }}
            >
              <option value="">{t('props.assignTo')}</option>
              {sortedPeople(agents)
                .filter((a) => isTicketStaff(a) && a.id !== shown.assigneeId)
                .map((a) => (
                  <option key={a.id} value={a.id} data-email={a.email} translate={false}>
                    {a.id === me ? t('props.assignToMeOption', { name: a.name }) : a.available ? a.name : t('props.personAway', { name: a.name })}
                  </option>
                ))}
            </select>
          </div>
        )}
      </div>

      <div class="prop">
        <span class="prop-label" id="prop-tags-label">
          {t('field.tags')}
        </span>
        <ul class="tag-list" aria-labelledby="prop-tags-label" data-testid="prop-tags">
          {tags.length === 0 ? <li class="muted">{t('tags.none')}</li> : null}
          {tags.map((tag) => (
            <li key={tag} class="tag" data-testid="tag" data-tag={tag}>
              <span>{tag}</span>
              {readOnly ? null : (
                <button
                  type="button"
                  class="tag-remove"
                  disabled={busy}
                  aria-label={t('tags.remove', { tag })}
                  title={t('tags.remove', { tag })}
                  onClick={() => onEdit({ field: 'tags', remove: tag })}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
        {readOnly ? null : (
          <form class="tag-add" onSubmit={addTag}>
            <label class="visually-hidden" for="tag-input">
              {t('tags.add')}
            </label>
            <input
              id="tag-input"
              type="text"
              data-testid="tag-input"
              autoComplete="off"
              maxLength={TAG_MAX_LENGTH}
              placeholder={t('tags.placeholder')}
              value={tagText}
              aria-invalid={tagProblem ? true : undefined}
              aria-describedby={tagProblem ? 'tag-problem' : undefined}
              onInput={(e) => {
                setTagText(e.currentTarget.value);
                setTagProblem(undefined);
              }}
            />
            <button type="submit" class="button button-quiet button-small" data-testid="tag-add" disabled={busy || !tagText.trim()}>
              {t('tags.add')}
            </button>
            {tagProblem ? (
              <p class="field-error" id="tag-problem">
                {tagProblem}
              </p>
            ) : null}
          </form>
        )}
      </div>

      <SlaClocks sla={ticket.sla} />
    </section>
  );
}

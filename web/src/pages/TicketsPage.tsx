import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { BulkOutcome, QueueSort, TicketRow, TicketStatus } from '../api/tickets.ts';
import { STATUSES, bulkUpdateTickets, findTicketByNumber, listTickets, takeTicket } from '../api/tickets.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { navigate, paths, rememberQueue } from '../router.ts';
import { QueueTable } from '../tickets/QueueTable.tsx';
import type { RowGroup } from '../tickets/QueueTable.tsx';
import type { QueueState, SavedView, ViewKey } from '../tickets/queue-views.ts';
import {
  AT_RISK_VIEW,
  SAVED_VIEW_NAME_MAX,
  VIEW_KEYS,
  apiQueryOf,
  deleteView,
  emptyBody,
  emptyTitle,
  isTypingTarget,
  isViewKey,
  loadSavedViews,
  parseTicketNumber,
  queueParamsOf,
  queueStateFrom,
  saveView,
  sortFor,
  sortsFor,
  teamUnassignedView,
  teamView,
  viewText,
} from '../tickets/queue-views.ts';
import { labelIn } from '../api/directory.ts';
import type { Team } from '../api/directory.ts';
import { useDirectory } from '../data/directory.ts';
import { useNow } from '../data/now.ts';
import { requestComposerFocus } from '../tickets/composer-focus.ts';
import { rowOf } from '../tickets/ticket-edit.ts';
import { RISK_WINDOWS, badgeView, riskGroup } from '../tickets/sla-view.ts';

type Notice =
  | { kind: 'success'; text: string }
  | { kind: 'warning'; text: string }
  | { kind: 'bulk'; outcome: BulkOutcome; numbers: Record<string, number> }
  | { kind: 'error'; error: unknown };

/** Statuses a bulk edit may set: every target some ticket can move to (nothing moves back to new). */
const BULK_STATUSES = STATUSES.filter((s) => s !== 'new');

const BULK_ERRORS: Record<string, MessageKey> = {
  TICKET_CLOSED: 'bulk.error.closed',
  INVALID_TRANSITION: 'bulk.error.transition',
  NOT_FOUND: 'bulk.error.notFound',
  VERSION_CONFLICT: 'bulk.error.conflict',
  CONFLICT: 'bulk.error.conflict',
};

function hrefOf(state: QueueState): string {
  return paths.queue(queueParamsOf(state));
}

/** The team views of the teams the user belongs to, and how to name any view. */
function useTeamViews(me: string): { views: ViewKey[]; label(view: ViewKey): string } {
  const { t, language } = useI18n();
  const teams: Team[] = useDirectory('teams').data?.items ?? [];
  const mine = teams.filter((team) => team.memberIds.includes(me));
  return {
    views: mine.flatMap((team) => [teamUnassignedView(team.id), teamView(team.id)]),
    // Once there are teams, the plain "Unassigned" view holds only tickets no rule gave a team.
    label: (view) =>
      view === 'unassigned' && teams.length ? t('queue.view.unassignedNoTeam') : viewText(t, view, (id) => labelIn(teams.find((team) => team.id === id)?.name, language) || undefined),
  };
}

export function TicketsPage({ params }: { params?: Record<string, string> }) {
  const { t } = useI18n();
  const { api, user } = useApp();
  const teamViews = useTeamViews(user.sub);
  const state = queueStateFrom(params);
  const { view, sort, limit } = state;
  const hash = hrefOf(state);

  const [rows, setRows] = useState<TicketRow[]>([]);
  /** The view the rows on screen belong to; anything else means "still loading". */
  const [rowsOf, setRowsOf] = useState<string>();
  const [cursor, setCursor] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focus, setFocusState] = useState(-1);
  /** The cursor as of the last keypress, so quick j j j never reads a value from before a render. */
  const focusRef = useRef(-1);
  const setFocus = (index: number) => {
    focusRef.current = index;
    setFocusState(index);
  };
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState(false);
  const [bulkStatus, setBulkStatus] = useState<TicketStatus | ''>('');
  const [savedViews, setSavedViews] = useState<SavedView[]>(() => loadSavedViews(user.sub));
  const currentHash = useRef(hash);
  currentHash.current = hash;
  /** When the first page was asked for: later pages must ask the same question (the at-risk cut). */
  const listedAt = useRef(Date.now());
  // Re-renders on the shared clock, so relative times ("5 minutes ago"), SLA countdowns and the
  // breached / at-risk split stay true while the queue is left open.
  const now = useNow();

  useEffect(() => rememberQueue(hash), [hash]);

  // The ticket page's code is fetched in the background so opening a ticket from here does not wait for it.
  useEffect(() => {
    void import('./TicketPage.tsx').catch(() => undefined);
  }, []);

  // A different view starts afresh: nothing selected, no cursor on a row, no old message.
  useEffect(() => {
    setSelected(new Set());
    setFocus(-1);
    setNotice(undefined);
  }, [hash]);

  useEffect(() => {
    let current = true;
    setFailure(undefined);
    listedAt.current = Date.now();
    listTickets(api, apiQueryOf(state, undefined, listedAt.current)).then(
      (page) => {
        if (!current) return;
        setRows(page.items);
        setCursor(page.cursor);
        setRowsOf(hash);
        // After a re-read (bulk edit) the cursor stays on the same ticket if it is still here.
        const focusedId = rowsRef.current[focusRef.current]?.id;
        setFocus(focusedId ? page.items.findIndex((r) => r.id === focusedId) : -1);
      },
      (error: unknown) => {
        if (!current) return;
        setFailure(error);
        setRowsOf(hash);
        setRows([]);
        setCursor(undefined);
      },
    );
    return () => {
      current = false;
    };
  }, [api, hash, reloads]);

  const loaded = rowsOf === hash;
  const visibleRows = loaded ? rows : [];
  const rowsRef = useRef(visibleRows);
  rowsRef.current = visibleRows;

  async function loadMore() {
    if (!cursor || loadingMore) return;
    const forHash = hash;
    setLoadingMore(true);
    try {
      const page = await listTickets(api, apiQueryOf(state, cursor, listedAt.current));
      if (currentHash.current !== forHash) return;
      // A ticket edited while paging can move between pages; never show it twice.
      setRows((prev) => {
        const seen = new Set(prev.map((r) => r.id));
        return [...prev, ...page.items.filter((r) => !seen.has(r.id))];
      });
      setCursor(page.cursor);
    } catch (error) {
      if (currentHash.current === forHash) setNotice({ kind: 'error', error });
    } finally {
      setLoadingMore(false);
    }
  }

  function open(row: TicketRow | undefined, reply = false) {
    if (!row) return;
    if (reply) requestComposerFocus(row.id);
    navigate(paths.ticket(row.id));
  }

  function toggle(id: string) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function take(row: TicketRow | undefined) {
    if (!row || busy) return;
    setBusy(true);
    try {
      const ticket = await takeTicket(api, row.id);
      setRows((prev) => prev.map((r) => (r.id === row.id ? rowOf(ticket) : r)));
      setNotice({ kind: 'success', text: t('queue.taken', { number: ticket.number }) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setNotice({ kind: 'warning', text: t(error.code === 'TICKET_CLOSED' ? 'queue.takeClosed' : 'queue.takeAssigned', { number: row.number }) });
      } else setNotice({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  }

  async function bulk(change: { assigneeId?: string | null; status?: TicketStatus }) {
    const chosen = visibleRows.filter((r) => selected.has(r.id));
    if (!chosen.length || busy) return;
    setBusy(true);
    setNotice(undefined);
    try {
      const outcome = await bulkUpdateTickets(api, { ids: chosen.map((r) => r.id), ...change });
      setNotice({ kind: 'bulk', outcome, numbers: Object.fromEntries(chosen.map((r) => [r.id, r.number])) });
      setSelected(new Set());
      setBulkStatus('');
      // Updated tickets may have left this view; read it again.
      setReloads((n) => n + 1);
    } catch (error) {
      setNotice({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  }

  // Keyboard shortcuts (Gmail-style). Bound in a layout effect on every render, so the handler in
  // place always belongs to what is on screen (a plain effect could lag a paint behind).
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const current = focusRef.current;
      const row = visibleRows[current];
      switch (event.key) {
        case 'j':
        case 'k': {
          if (!visibleRows.length) return;
          const step = event.key === 'j' ? 1 : -1;
          const next = current < 0 ? 0 : Math.max(0, Math.min(visibleRows.length - 1, current + step));
          setFocus(next);
          document.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus();
          break;
        }
        case 'Enter': {
          // Enter on a button or link keeps its own meaning.
          const target = event.target as HTMLElement | null;
          if (target && target.closest('button, a') && !target.matches('[data-row-index]')) return;
          if (!row) return;
          open(row);
          break;
        }
        case 'x':
          if (!row) return;
          toggle(row.id);
          break;
        case 'r':
          if (!row) return;
          open(row, true);
          break;
        case 'a':
          if (!row) return;
          void take(row);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  if (failure instanceof ApiError && failure.status === 403) return <NoAccess />;

  const allSelected = visibleRows.length > 0 && visibleRows.every((r) => selected.has(r.id));
  const someSelected = visibleRows.some((r) => selected.has(r.id));
  const selectedCount = visibleRows.filter((r) => selected.has(r.id)).length;

  return (
    <section class="page page-wide queue-page">
      <div class="page-header">
        <PageHeading>{t('tickets.title')}</PageHeading>
        <div class="page-header-actions">
          <FindByNumber />
          <a class="button button-primary" href={paths.newTicket} data-testid="new-ticket-button">
            {t('tickets.new')}
          </a>
        </div>
      </div>

      <div class="queue-layout">
        <ViewList
          state={state}
          teamViews={teamViews.views}
          label={teamViews.label}
          savedViews={savedViews}
          onSave={(name) => setSavedViews((prev) => saveView(user.sub, prev, { name, view, sort }))}
          onDelete={(id) => setSavedViews((prev) => deleteView(user.sub, prev, id))}
        />

        <div
          class="queue-main"
          data-testid="queue"
          data-view={view}
          data-sort={sort}
          data-state={!loaded ? 'loading' : failure ? 'failed' : 'ready'}
          aria-busy={!loaded || loadingMore}
        >
          <div class="queue-toolbar">
            <h2 class="queue-title" data-testid="queue-title">
              {teamViews.label(view)}
            </h2>
            {view === AT_RISK_VIEW ? (
              <div class="segmented" role="group" aria-label={t('sla.atRisk.window')} data-testid="sla-window">
                <span class="segmented-label" aria-hidden="true">
                  {t('sla.atRisk.window')}
                </span>
                {RISK_WINDOWS.map((w) => (
                  <a
                    key={w}
                    class="segmented-item"
                    href={hrefOf({ ...state, within: w })}
                    aria-current={state.within === w ? 'true' : undefined}
                    data-testid={`sla-window-${w}`}
                  >
                    {t(`sla.atRisk.window.${w}`)}
                  </a>
                ))}
              </div>
            ) : sortsFor(view).length > 1 ? (
              <div class="segmented" role="group" aria-label={t('queue.sortBy')} data-testid="queue-sort">
                <span class="segmented-label" aria-hidden="true">
                  {t('queue.sortBy')}
                </span>
                {sortsFor(view).map((s) => (
                  <a
                    key={s}
                    class="segmented-item"
                    href={hrefOf({ ...state, sort: s })}
                    aria-current={sort === s ? 'true' : undefined}
                    data-testid={`queue-sort-${s}`}
                  >
                    {t(`queue.sort.${s}`)}
                  </a>
                ))}
              </div>
            ) : null}
          </div>

          {notice ? <NoticeBanner notice={notice} onDismiss={() => setNotice(undefined)} /> : null}

          {visibleRows.length > 0 ? (
            <div class={selectedCount ? 'bulk-bar bulk-bar-active' : 'bulk-bar'} data-testid="bulk-bar">
              <label class="check-label">
                <input
                  type="checkbox"
                  data-testid="queue-select-all"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected && !allSelected;
                  }}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(visibleRows.map((r) => r.id)))}
                />
                <span>{selectedCount ? t('bulk.selected', { count: selectedCount }) : t('bulk.selectAll')}</span>
              </label>
              {selectedCount ? (
                <div class="bulk-actions">
                  <button type="button" class="button button-quiet button-small" disabled={busy} data-testid="bulk-assign-me" onClick={() => void bulk({ assigneeId: user.sub })}>
                    {t('bulk.assignToMe')}
                  </button>
                  <button type="button" class="button button-quiet button-small" disabled={busy} data-testid="bulk-unassign" onClick={() => void bulk({ assigneeId: null })}>
                    {t('bulk.unassign')}
                  </button>
                  <span class="bulk-status">
                    <label class="visually-hidden" for="bulk-status">
                      {t('bulk.setStatus')}
                    </label>
                    <select
                      id="bulk-status"
                      data-testid="bulk-status"
                      value={bulkStatus}
                      onChange={(e) => setBulkStatus((e.currentTarget.value as TicketStatus) || '')}
                    >
                      <option value="">{t('bulk.setStatus')}</option>
                      {BULK_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(`status.${s}`)}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      class="button button-quiet button-small"
                      disabled={busy || !bulkStatus}
                      data-testid="bulk-status-apply"
                      onClick={() => bulkStatus && void bulk({ status: bulkStatus })}
                    >
                      {t('bulk.apply')}
                    </button>
                  </span>
                </div>
              ) : null}
            </div>
          ) : null}

          {!loaded ? (
            <p class="muted queue-loading" role="status" data-testid="queue-loading">
              {t('app.loading')}
            </p>
          ) : failure ? (
            <ErrorBanner error={failure} />
          ) : visibleRows.length === 0 ? (
            <div class="card empty-state" data-testid="queue-empty" data-view={view}>
              <h2>{t(emptyTitle(view))}</h2>
              <p class="muted">{t(emptyBody(view))}</p>
            </div>
          ) : (
            <QueueTable
              rows={visibleRows}
              me={user.sub}
              selected={selected}
              focus={focus}
              onToggle={toggle}
              onFocus={setFocus}
              onOpen={(row) => open(row)}
              {...(view === AT_RISK_VIEW ? { groupOf: (row: TicketRow): RowGroup => riskGroupOf(t, row, now) } : {})}
            />
          )}

          {loaded && cursor ? (
            <div class="load-more">
              <button type="button" class="button button-quiet" data-testid="queue-load-more" disabled={loadingMore} onClick={() => void loadMore()}>
                {loadingMore ? t('app.loading') : t('queue.loadMore')}
              </button>
            </div>
          ) : null}

          <ShortcutHint />
        </div>
      </div>
    </section>
  );
}

/** The at-risk list in two runs: breached (the API lists the overdue first), then due within the window. */
function riskGroupOf(t: ReturnType<typeof useI18n>['t'], row: TicketRow, now: number): RowGroup {
  const key = riskGroup(badgeView(row.sla, now));
  return { key, label: t(key === 'breached' ? 'sla.atRisk.breached' : 'sla.atRisk.dueSoon') };
}

function NoticeBanner({ notice: n, onDismiss }: { notice: Notice; onDismiss(): void }) {
  const { t } = useI18n();
  if (n.kind === 'error') return <ErrorBanner error={n.error} onDismiss={onDismiss} />;
  if (n.kind === 'bulk') {
    const failed = n.outcome.results.filter((r) => !r.ok);
    return (
      <div class={failed.length ? 'banner banner-warning' : 'banner banner-success'} role="status" data-testid="bulk-result">
        <div class="banner-body">
          <strong class="banner-title" data-testid="bulk-result-counts">
            {t('bulk.result', { updated: n.outcome.updated, failed: n.outcome.failed })}
          </strong>
          {failed.length ? (
            <ul class="banner-list">
              {failed.map((r) => (
                <li key={r.id}>
                  {t('bulk.failedItem', {
                    number: n.numbers[r.id] ?? '?',
                    reason: t(BULK_ERRORS[r.error?.code ?? ''] ?? 'bulk.error.other'),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <button type="button" class="button button-quiet" onClick={onDismiss}>
          {t('error.dismiss')}
        </button>
      </div>
    );
  }
  return (
    <div class={`banner banner-${n.kind}`} role="status" data-testid="queue-notice">
      <div class="banner-body">
        <p>{n.text}</p>
      </div>
      <button type="button" class="button button-quiet" onClick={onDismiss}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}

function ViewList({
  state,
  teamViews,
  label,
  savedViews,
  onSave,
  onDelete,
}: {
  state: QueueState;
  teamViews: ViewKey[];
  label(view: ViewKey): string;
  savedViews: SavedView[];
  onSave(name: string): void;
  onDelete(id: string): void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string>();

  const linkFor = (view: ViewKey, sort?: QueueSort) => hrefOf({ ...state, view, sort: sortFor(view, sort) });

  function submit(event: Event) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    onSave(trimmed);
    setSaved(trimmed);
    setName('');
  }

  return (
    <aside class="queue-views" aria-label={t('queue.views')}>
      {/* Phones: one compact picker instead of the list. */}
      <label class="queue-view-picker">
        <span class="visually-hidden">{t('queue.views')}</span>
        <select
          data-testid="queue-view-select"
          value={state.view}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (isViewKey(value)) navigate(linkFor(value));
            const savedView = savedViews.find((v) => `saved:${v.id}` === value);
            if (savedView) navigate(linkFor(savedView.view, savedView.sort));
          }}
        >
          {VIEW_KEYS.map((v) => (
            <option key={v} value={v}>
              {label(v)}
            </option>
          ))}
          {teamViews.length ? (
            <optgroup label={t('queue.myTeams')}>
              {teamViews.map((v) => (
                <option key={v} value={v}>
                  {label(v)}
                </option>
              ))}
            </optgroup>
          ) : null}
          {!(VIEW_KEYS as readonly string[]).includes(state.view) && !teamViews.includes(state.view) ? <option value={state.view}>{label(state.view)}</option> : null}
          {savedViews.length ? (
            <optgroup label={t('queue.savedViews')}>
              {savedViews.map((v) => (
                <option key={v.id} value={`saved:${v.id}`}>
                  {v.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </label>

      <div class="queue-view-lists">
        <ul class="view-list">
          {VIEW_KEYS.map((v) => (
            <li key={v}>
              <a class="view-item" href={linkFor(v)} aria-current={state.view === v ? 'page' : undefined} data-testid={`queue-view-${v}`}>
                {label(v)}
              </a>
            </li>
          ))}
        </ul>

        {teamViews.length ? (
          <>
            <h2 class="view-heading">{t('queue.myTeams')}</h2>
            <ul class="view-list" data-testid="team-views">
              {teamViews.map((v) => (
                <li key={v}>
                  <a class="view-item" href={linkFor(v)} aria-current={state.view === v ? 'page' : undefined} data-testid={`queue-view-${v}`}>
                    {label(v)}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}

        <h2 class="view-heading">{t('queue.savedViews')}</h2>
        {savedViews.length ? (
          <ul class="view-list" data-testid="saved-views">
            {savedViews.map((v) => (
              <li key={v.id} class="saved-view">
                <a class="view-item" href={linkFor(v.view, v.sort)} data-testid="saved-view" data-name={v.name} title={`${label(v.view)} · ${t(`queue.sort.${v.sort}`)}`}>
                  {v.name}
                </a>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={t('queue.deleteView', { name: v.name })}
                  title={t('queue.deleteView', { name: v.name })}
                  data-testid="saved-view-delete"
                  onClick={() => onDelete(v.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted view-none">{t('queue.noSavedViews')}</p>
        )}
        <form class="save-view" onSubmit={submit}>
          <label class="visually-hidden" for="save-view-name">
            {t('queue.viewName')}
          </label>
          <input
            id="save-view-name"
            type="text"
            data-testid="save-view-name"
            maxLength={SAVED_VIEW_NAME_MAX}
            placeholder={t('queue.viewName')}
            value={name}
            onInput={(e) => {
              setName(e.currentTarget.value);
              setSaved(undefined);
            }}
          />
          <button type="submit" class="button button-quiet button-small" data-testid="save-view-button" disabled={!name.trim()}>
            {t('queue.saveView')}
          </button>
          {saved ? (
            <p class="save-view-done" role="status">
              {t('queue.viewSaved', { name: saved })}
            </p>
          ) : null}
        </form>
      </div>
    </aside>
  );
}

function FindByNumber() {
  const { t } = useI18n();
  const { api } = useApp();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const number = parseTicketNumber(text);
    if (number === undefined) {
      setProblem(t('find.invalid'));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const row = await findTicketByNumber(api, number);
      if (row) navigate(paths.ticket(row.id));
      else setProblem(t('find.notFound', { number }));
    } catch (error) {
      setProblem(error instanceof ApiError && error.status === 400 ? t('find.invalid') : t('error.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="find-number" role="search" onSubmit={submit} aria-label={t('find.label')}>
      <label class="visually-hidden" for="find-number">
        {t('find.label')}
      </label>
      <input
        id="find-number"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        data-testid="find-number-input"
        placeholder={t('find.placeholder')}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'find-number-error' : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setProblem(undefined);
        }}
      />
      <button type="submit" class="button button-quiet" disabled={busy} data-testid="find-number-submit">
        {t('find.go')}
      </button>
      {problem ? (
        <p class="find-error" id="find-number-error" role="alert" data-testid="find-number-error">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function ShortcutHint() {
  const { t } = useI18n();
  const items: [string[], MessageKey][] = [
    [['j', 'k'], 'shortcuts.move'],
    [['Enter'], 'shortcuts.open'],
    [['x'], 'shortcuts.select'],
    [['r'], 'shortcuts.reply'],
    [['a'], 'shortcuts.take'],
  ];
  return (
    <p class="shortcut-hint" data-testid="shortcut-hint">
      <span class="shortcut-title">{t('shortcuts.title')}</span>
      {items.map(([keys, label]) => (
        <span class="shortcut" key={label}>
          {keys.map((k, i) => (
            <Fragment key={k}>
              {i > 0 ? '/' : null}
              <kbd>{k}</kbd>
            </Fragment>
          ))}{' '}
          {t(label)}
        </span>
      ))}
    </p>
  );
}

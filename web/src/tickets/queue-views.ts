import type { QueueParams, QueueSort, TicketStatus } from '../api/tickets.ts';
import { QUEUE_SORTS } from '../api/tickets.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { RiskWindow } from './sla-view.ts';
import { DEFAULT_RISK_WINDOW, dueBeforeFor, isRiskWindow } from './sla-view.ts';

/** The built-in views: two personal queues, then one per status an agent works from. */
export const STATUS_VIEWS = ['new', 'open', 'in_progress', 'pending_customer', 'pending_third_party', 'resolved'] as const satisfies readonly TicketStatus[];
export type StatusView = (typeof STATUS_VIEWS)[number];
/** A team's active tickets, or only those nobody in the team has taken yet. */
export type TeamView = `team:${string}` | `team-unassigned:${string}`;
/** Breached and at-risk tickets across the stack: every running SLA clock due within a window. */
export const AT_RISK_VIEW = 'at_risk';
export type BuiltInView = 'mine' | 'unassigned' | typeof AT_RISK_VIEW | StatusView;
export type ViewKey = BuiltInView | TeamView;

export const VIEW_KEYS: readonly BuiltInView[] = ['mine', 'unassigned', AT_RISK_VIEW, ...STATUS_VIEWS];
export const DEFAULT_VIEW: ViewKey = 'mine';
export const DEFAULT_PAGE_SIZE = 25;

const TEAM_VIEW = /^team(-unassigned)?:([a-z0-9][a-z0-9-]{0,39})$/;

export function isViewKey(value: unknown): value is ViewKey {
  return typeof value === 'string' && ((VIEW_KEYS as readonly string[]).includes(value) || TEAM_VIEW.test(value));
}

export function teamViewOf(view: ViewKey): { teamId: string; unassigned: boolean } | undefined {
  const match = TEAM_VIEW.exec(view);
  return match?.[2] ? { teamId: match[2], unassigned: Boolean(match[1]) } : undefined;
}

export const teamView = (teamId: string): TeamView => `team:${teamId}`;
export const teamUnassignedView = (teamId: string): TeamView => `team-unassigned:${teamId}`;

export function isStatusView(view: ViewKey): view is StatusView {
  return (STATUS_VIEWS as readonly string[]).includes(view);
}

/**
 * The orders the API has an index for: every queue by update and by priority; personal, unassigned
 * and team queues also by next deadline (a single status is not kept in deadline order); the
 * at-risk list only by deadline, which is what it is.
 */
export function sortsFor(view: ViewKey): readonly QueueSort[] {
  if (view === AT_RISK_VIEW) return ['deadline'];
  return isStatusView(view) ? ['updated', 'priority'] : QUEUE_SORTS;
}

/** The sort asked for when the view offers it, else the view's first (default) order. */
export function sortFor(view: ViewKey, sort: unknown): QueueSort {
  const offered = sortsFor(view);
  return offered.find((s) => s === sort) ?? offered[0]!;
}

export function viewLabel(view: BuiltInView): MessageKey {
  if (view === 'mine') return 'queue.view.mine';
  if (view === 'unassigned') return 'queue.view.unassigned';
  if (view === AT_RISK_VIEW) return 'sla.atRisk.title';
  return `status.${view}`;
}

/** The view's name in words; team views need the team's name (its id until the teams are loaded). */
export function viewText(t: (key: MessageKey, params?: Record<string, string | number>) => string, view: ViewKey, teamName: (id: string) => string | undefined): string {
  const team = teamViewOf(view);
  if (team) {
    const name = teamName(team.teamId) ?? team.teamId;
    return team.unassigned ? t('queue.view.teamUnassigned', { team: name }) : name;
  }
  return t(viewLabel(view as BuiltInView));
}

export function emptyTitle(view: ViewKey): MessageKey {
  const team = teamViewOf(view);
  if (team) return team.unassigned ? 'queue.empty.teamUnassigned' : 'queue.empty.team';
  if (view === AT_RISK_VIEW) return 'sla.atRisk.empty';
  return `queue.empty.${view as Exclude<BuiltInView, typeof AT_RISK_VIEW>}`;
}

export function emptyBody(view: ViewKey): MessageKey {
  const team = teamViewOf(view);
  if (team) return team.unassigned ? 'queue.emptyBody.teamUnassigned' : 'queue.emptyBody.team';
  if (view === 'mine') return 'queue.emptyBody.mine';
  if (view === 'unassigned') return 'queue.emptyBody.unassigned';
  if (view === AT_RISK_VIEW) return 'sla.atRisk.emptyBody';
  return 'queue.emptyBody.status';
}

export interface QueueState {
  view: ViewKey;
  sort: QueueSort;
  /** Rows per page; 25 unless the link asks for another size (1–100). */
  limit: number;
  /** The at-risk view: how far ahead a deadline counts. */
  within: RiskWindow;
}

/** Reads the queue's hash parameters, falling back to sensible values for anything unknown. */
export function queueStateFrom(params: Record<string, string> | undefined): QueueState {
  const view = isViewKey(params?.['view']) ? params['view'] : DEFAULT_VIEW;
  const sort = sortFor(view, params?.['sort']);
  const asked = Number(params?.['limit']);
  const limit = Number.isInteger(asked) && asked >= 1 && asked <= 100 ? asked : DEFAULT_PAGE_SIZE;
  const within = isRiskWindow(params?.['within']) ? params['within'] : DEFAULT_RISK_WINDOW;
  return { view, sort, limit, within };
}

/** Hash parameters for a state, leaving out the defaults so links stay short. */
export function queueParamsOf(state: QueueState): Record<string, string | undefined> {
  return {
    view: state.view === DEFAULT_VIEW ? undefined : state.view,
    sort: state.sort === sortsFor(state.view)[0] ? undefined : state.sort,
    limit: state.limit === DEFAULT_PAGE_SIZE ? undefined : String(state.limit),
    within: state.view !== AT_RISK_VIEW || state.within === DEFAULT_RISK_WINDOW ? undefined : state.within,
  };
}

/**
 * The API query answering a view. The at-risk view cuts at `now` plus its window, so every page of
 * one listing must be asked with the same `now` (the cursor belongs to that query).
 */
export function apiQueryOf(state: QueueState, cursor?: string, now = Date.now()): QueueParams {
  if (state.view === AT_RISK_VIEW) {
    return { sort: 'deadline', dueBefore: dueBeforeFor(state.within, now), limit: state.limit, ...(cursor ? { cursor } : {}) };
  }
  const team = teamViewOf(state.view);
  const base: QueueParams = team
    ? { ...(team.unassigned ? { assignee: 'none' } : {}), teamId: team.teamId, bucket: 'active' }
    : state.view === 'mine'
      ? { assignee: 'me', bucket: 'active' }
      : state.view === 'unassigned'
        ? { assignee: 'none', bucket: 'active' }
        : { status: state.view as StatusView };
  return { ...base, sort: state.sort, limit: state.limit, ...(cursor ? { cursor } : {}) };
}

/** `1042`, `#1042` or `# 1042` → 1042; anything else → undefined. */
export function parseTicketNumber(text: string): number | undefined {
  const match = /^\s*#?\s*(\d{1,12})\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return value > 0 ? value : undefined;
}

/* ---------- Saved views ---------- */

export interface SavedView {
  id: string;
  name: string;
  view: ViewKey;
  sort: QueueSort;
}

export const SAVED_VIEW_NAME_MAX = 60;
const SAVED_VIEWS_MAX = 30;

/** Kept per user in this browser: views are a personal shortcut, not shared data (yet). */
function storageKey(userId: string): string {
  return `loopdesk.savedViews.${userId}`;
}

function isSavedView(value: unknown): value is SavedView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['id'] === 'string' && typeof v['name'] === 'string' && isViewKey(v['view']) && sortsFor(v['view']).includes(v['sort'] as QueueSort);
}

export function loadSavedViews(userId: string): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isSavedView) : [];
  } catch {
    return [];
  }
}

function store(userId: string, views: SavedView[]): SavedView[] {
  try {
    localStorage.setItem(storageKey(userId), JSON.stringify(views));
  } catch {
    // Storage may be full or blocked; the views still work for this page view.
  }
  return views;
}

/** Adds a view, or replaces the one with the same name (names are what the user picks by). */
export function saveView(userId: string, existing: SavedView[], input: Omit<SavedView, 'id'>): SavedView[] {
  const name = input.name.trim().slice(0, SAVED_VIEW_NAME_MAX);
  const same = existing.find((v) => v.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  const view: SavedView = { ...input, name, id: same?.id ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` };
  const next = same ? existing.map((v) => (v.id === same.id ? view : v)) : [...existing, view].slice(-SAVED_VIEWS_MAX);
  return store(userId, next);
}

export function deleteView(userId: string, existing: SavedView[], id: string): SavedView[] {
  return store(userId, existing.filter((v) => v.id !== id));
}

/** Keyboard shortcuts must never fire while the user is typing somewhere. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

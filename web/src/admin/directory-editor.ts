import { useEffect, useRef, useState } from 'preact/hooks';
import type { DirectoryDoc, DirectoryItems, DirectoryKind } from '../api/directory.ts';
import { getDirectory, putDirectory } from '../api/directory.ts';
import { ApiError } from '../api/errors.ts';
import type { FieldError } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { storeDirectory } from '../data/directory.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Params } from '../i18n/languages.ts';
import type { SlaMessageKey } from '../i18n/sla-en.ts';

/** One editable row: a stable key for rendering and for pinning errors, whatever the order. */
export interface Row<T> {
  key: string;
  /** Created in this session and never saved: its id may still be edited. */
  isNew: boolean;
  value: T;
}

/**
 * A problem at `path` inside a row (`name.en`, `options.0.value`, '' for the row as a whole): a
 * message of the console's catalog, of the SLA editors' own catalog, or the API's text.
 */
export interface RowProblem {
  path: string;
  message: { key: MessageKey; params?: Params } | { sla: SlaMessageKey; params?: Params } | { text: string };
}

export type Load = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

let nextKey = 0;
const newKey = () => `row-${++nextKey}`;

function rowsOf<T>(items: T[]): Row<T>[] {
  return items.map((value) => ({ key: newKey(), isNew: false, value: structuredClone(value) }));
}

export interface DirectoryEditor<T> {
  load: Load;
  rows: Row<T>[];
  version: number;
  dirty: boolean;
  saving: boolean;
  saved: boolean;
  /** Problems by row key, from the browser's own checks or the API's 400 (`items.2.teamId`). */
  problems: Record<string, RowProblem[]>;
  /** Problems that belong to no row. */
  listProblems: RowProblem['message'][];
  failure?: unknown;
  /** The server's list when a save was refused as stale (409). */
  conflict?: DirectoryDoc<T>;
  update(key: string, change: (value: T) => T): void;
  add(value: T): string;
  remove(key: string): void;
  move(key: string, to: number): void;
  save(): Promise<void>;
  saveOver(): Promise<void>;
  discard(): void;
  reload(): Promise<void>;
  dismissFailure(): void;
}

interface EditorOptions<T> {
  /** Trims and drops empty optional parts before the list is sent. */
  clean(value: T): T;
  /** The browser's own checks, translated; the API checks everything again. */
  check(rows: Row<T>[]): Record<string, RowProblem[]>;
}

/**
 * Loads a whole directory collection, edits it as rows and saves the whole list on the version it
 * was read at (If-Match). The API's field paths are pinned to the row they were about.
 */
export function useDirectoryEditor<K extends DirectoryKind>(kind: K, options: EditorOptions<DirectoryItems[K]>): DirectoryEditor<DirectoryItems[K]> {
  type T = DirectoryItems[K];
  const { api } = useApp();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [rows, setRows] = useState<Row<T>[]>([]);
  const [version, setVersion] = useState(0);
  const [baseline, setBaseline] = useState('[]');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problems, setProblems] = useState<Record<string, RowProblem[]>>({});
  const [listProblems, setListProblems] = useState<RowProblem['message'][]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [conflict, setConflict] = useState<DirectoryDoc<T>>();
  const loaded = useRef<T[]>([]);

  function accept(doc: DirectoryDoc<T>) {
    loaded.current = doc.items;
    setRows(rowsOf(doc.items));
    setVersion(doc.version);
    setBaseline(JSON.stringify(doc.items.map(options.clean)));
    setProblems({});
    setListProblems([]);
    setConflict(undefined);
  }

  async function reload() {
    setFailure(undefined);
    setSaved(false);
    try {
      const doc = await getDirectory(api, kind);
      accept(doc);
      storeDirectory(api, kind, doc);
      setLoad({ state: 'ready' });
    } catch (error) {
      setLoad({ state: 'failed', error });
    }
  }

  useEffect(() => {
    void reload();
  }, [api, kind]);

  const cleaned = () => rows.map((r) => options.clean(r.value));
  const dirty = JSON.stringify(cleaned()) !== baseline;

  function clearRow(key: string) {
    if (problems[key]) setProblems(({ [key]: _gone, ...rest }) => rest);
  }

  async function put(onVersion: number) {
    const items = cleaned();
    setSaving(true);
    setSaved(false);
    setFailure(undefined);
    setListProblems([]);
    try {
      const doc = await putDirectory(api, kind, items, onVersion);
      accept(doc);
      storeDirectory(api, kind, doc);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        const current = error.details['current'] as Partial<DirectoryDoc<T>> | undefined;
        setConflict({ items: Array.isArray(current?.items) ? current.items : [], version: typeof current?.version === 'number' ? current.version : onVersion });
      } else if (error instanceof ApiError && error.status === 400 && error.fields.length) {
        placeApiProblems(error.fields);
      } else setFailure(error);
    } finally {
      setSaving(false);
    }
  }

  /** `items.2.name.en` → row 2's `name.en`; anything else → the list. */
  function placeApiProblems(fields: FieldError[]) {
    const byRow: Record<string, RowProblem[]> = {};
    const rest: RowProblem['message'][] = [];
    for (const f of fields) {
      const match = /^items\.(\d+)(?:\.(.*))?$/.exec(f.path);
      const row = match ? rows[Number(match[1])] : undefined;
      if (row) (byRow[row.key] ??= []).push({ path: match?.[2] ?? '', message: { text: f.message } });
      else rest.push({ text: f.message });
    }
    setProblems(byRow);
    setListProblems(rest);
  }

  return {
    load,
    rows,
    version,
    dirty,
    saving,
    saved,
    problems,
    listProblems,
    failure,
    conflict,
    update(key, change) {
      setRows((prev) => prev.map((r) => (r.key === key ? { ...r, value: change(r.value) } : r)));
      setSaved(false);
      clearRow(key);
    },
    add(value) {
      const key = newKey();
      setRows((prev) => [...prev, { key, isNew: true, value }]);
      setSaved(false);
      return key;
    },
    remove(key) {
      setRows((prev) => prev.filter((r) => r.key !== key));
      setSaved(false);
      clearRow(key);
    },
    move(key, to) {
      setRows((prev) => {
        const from = prev.findIndex((r) => r.key === key);
        if (from < 0 || to < 0 || to >= prev.length || from === to) return prev;
        const next = [...prev];
        const [row] = next.splice(from, 1);
        next.splice(to, 0, row!);
        return next;
      });
      setSaved(false);
    },
    async save() {
      if (saving) return;
      const found = options.check(rows);
      setProblems(found);
      setListProblems([]);
      if (Object.keys(found).length) {
        const firstKey = rows.find((r) => found[r.key])?.key;
        if (firstKey) document.querySelector<HTMLElement>(`[data-row-key="${firstKey}"] [aria-invalid="true"], [data-row-key="${firstKey}"]`)?.focus();
        return;
      }
      await put(version);
    },
    async saveOver() {
      if (conflict) await put(conflict.version);
    },
    discard() {
      setRows(rowsOf(loaded.current));
      setProblems({});
      setListProblems([]);
      setSaved(false);
    },
    reload,
    dismissFailure: () => setFailure(undefined),
  };
}

export const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** A readable id from a name: "Field Service" → "field-service" (empty for names without Latin letters). */
export function slugFrom(text: string, separator: '-' | '_' = '-'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^[${separator}]+|[${separator}]+$`, 'g'), '')
    .slice(0, 40);
  return separator === '_' ? slug.replace(/^[^a-z]+/, '') : slug;
}

/** The message of the problem at exactly `path`. */
export function problemAt(problems: RowProblem[] | undefined, path: string): RowProblem['message'] | undefined {
  return problems?.find((p) => p.path === path)?.message;
}

/** Problems no input of the row shows (shown under the row instead, so none is lost). */
export function unplaced(problems: RowProblem[] | undefined, placed: (path: string) => boolean): RowProblem[] {
  return (problems ?? []).filter((p) => !placed(p.path));
}

/** Duplicate ids (or keys) → a problem on every row after the first that repeats one. */
export function duplicates<T>(rows: Row<T>[], idOf: (value: T) => string, path: string): Record<string, RowProblem[]> {
  const seen = new Set<string>();
  const out: Record<string, RowProblem[]> = {};
  for (const row of rows) {
    const id = idOf(row.value).trim();
    if (!id) continue;
    if (seen.has(id)) (out[row.key] ??= []).push({ path, message: { key: 'admin.duplicateId', params: { id } } });
    seen.add(id);
  }
  return out;
}

export function mergeProblems(...parts: Record<string, RowProblem[]>[]): Record<string, RowProblem[]> {
  const out: Record<string, RowProblem[]> = {};
  for (const part of parts) for (const [key, list] of Object.entries(part)) (out[key] ??= []).push(...list);
  return out;
}

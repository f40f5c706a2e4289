import type { MovementRequest } from '../api/parts.ts';
import type { PartsMessageKey } from '../i18n/parts-en.ts';

/** The movements the console records; reserve, release, issue and return belong to work orders. */
export const FORM_KINDS = ['receive', 'transfer', 'scrap'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export interface MovementDraft {
  kind: FormKind;
  sku: string;
  qty: string;
  from: string;
  to: string;
}

export type DraftProblems = Partial<Record<'sku' | 'qty' | 'from' | 'to', PartsMessageKey>>;

/** A draft from the link that opened the form (`#/parts/move?kind=receive&sku=…&to=…`). */
export function draftFrom(prefill: Record<string, string>): MovementDraft {
  const kind = FORM_KINDS.find((k) => k === prefill.kind) ?? 'receive';
  return { kind, sku: prefill.sku ?? '', qty: prefill.qty ?? '1', from: prefill.from ?? '', to: prefill.to ?? '' };
}

export const needsFrom = (kind: FormKind) => kind !== 'receive';
export const needsTo = (kind: FormKind) => kind !== 'scrap';

/** The same checks the API makes, said before sending (the API still has the last word). */
export function checkDraft(d: MovementDraft): DraftProblems {
  const problems: DraftProblems = {};
  const sku = d.sku.trim();
  if (!sku) problems.sku = 'parts.move.required';
  else if (!/^[A-Z0-9-]{1,40}$/.test(sku)) problems.sku = 'parts.move.skuInvalid';
  const qty = Number(d.qty);
  if (!/^\d+$/.test(d.qty.trim()) || !Number.isInteger(qty) || qty < 1 || qty > 1_000_000) problems.qty = 'parts.move.qtyInvalid';
  if (needsFrom(d.kind) && !d.from) problems.from = 'parts.move.required';
  if (needsTo(d.kind) && !d.to) problems.to = 'parts.move.required';
  else if (d.kind === 'transfer' && d.to && d.to === d.from) problems.to = 'parts.move.sameLocation';
  return problems;
}

/** The API request for a checked draft, under the submission's idempotency id. */
export function requestOf(d: MovementDraft, id: string): MovementRequest {
  const common = { id, sku: d.sku.trim(), qty: Number(d.qty) };
  switch (d.kind) {
    case 'receive':
      return { kind: 'receive', ...common, to: d.to };
    case 'transfer':
      return { kind: 'transfer', ...common, from: d.from, to: d.to };
    case 'scrap':
      return { kind: 'scrap', ...common, from: d.from };
  }
}

/**
 * One idempotency id per submission. Sending the same draft again (a retry after a network error,
 * a double click) reuses the id, so the stock moves once; a changed draft, or a new one after a
 * success, gets a fresh id.
 */
export class SubmissionIds {
  private current?: { id: string; draft: string };

  constructor(private readonly newId: () => string = () => crypto.randomUUID()) {}

  idFor(d: MovementDraft): string {
    const draft = JSON.stringify(requestOf(d, ''));
    if (this.current?.draft !== draft) this.current = { id: this.newId(), draft };
    return this.current.id;
  }

  /** The submission was recorded: the next one is another movement. */
  settled(): void {
    this.current = undefined;
  }
}

// Proves the Parts pages' pure parts: their routes round-trip, the movement form checks drafts like the API and keeps one idempotency id per submission, today's alerts are asked for on the UTC days of the user's today, and the Chinese catalog matches the English one.
import { describe, expect, it } from 'vitest';
import { parseRoute, paths } from '../../../web/src/router.ts';
import { partsEn } from '../../../web/src/i18n/parts-en.ts';
import { partsZhCN } from '../../../web/src/i18n/parts-zh-CN.ts';
import { SubmissionIds, checkDraft, draftFrom, requestOf } from '../../../web/src/parts/movement-form.ts';
import { isLocalToday, utcDaysOfLocalToday } from '../../../web/src/parts/alert-days.ts';
import { movementRequestSchema } from '../../../shared/parts/stock.ts';

describe('parts routes', () => {
  it('maps the parts hashes and round-trips ids that need encoding', () => {
    expect(parseRoute(paths.parts)).toEqual({ name: 'parts', view: { section: 'catalog' } });
    expect(parseRoute(paths.lowStock)).toEqual({ name: 'parts', view: { section: 'low' } });
    expect(parseRoute(paths.stockAt('van 7/b'))).toEqual({ name: 'parts', view: { section: 'location', locationId: 'van 7/b' } });
    expect(parseRoute(paths.ledger('main', 'FLT-100'))).toEqual({ name: 'parts', view: { section: 'ledger', locationId: 'main', sku: 'FLT-100' } });
    expect(parseRoute(paths.moveStock({ kind: 'transfer', sku: 'FLT-100', from: 'main' }))).toEqual({
      name: 'parts',
      view: { section: 'move', prefill: { kind: 'transfer', sku: 'FLT-100', from: 'main' } },
    });
    expect(parseRoute(paths.moveStock())).toEqual({ name: 'parts', view: { section: 'move', prefill: {} } });
    expect(parseRoute('#/parts/locations/a/b/c')).toEqual({ name: 'notFound' });
  });
});

describe('movement form', () => {
  it('says what is missing or wrong before sending', () => {
    expect(checkDraft(draftFrom({}))).toEqual({ sku: 'parts.move.required', to: 'parts.move.required' });
    expect(checkDraft({ kind: 'transfer', sku: 'flt', qty: '0', from: 'main', to: 'main' })).toEqual({
      sku: 'parts.move.skuInvalid',
      qty: 'parts.move.qtyInvalid',
      to: 'parts.move.sameLocation',
    });
    expect(checkDraft({ kind: 'scrap', sku: 'FLT-1', qty: '2.5', from: '', to: 'ignored' })).toEqual({ qty: 'parts.move.qtyInvalid', from: 'parts.move.required' });
    expect(checkDraft({ kind: 'receive', sku: 'FLT-1', qty: '3', from: '', to: 'main' })).toEqual({});
  });

  it('builds exactly the request the API parses, only with the fields of its kind', () => {
    const base = { sku: ' FLT-1 ', qty: '3', from: 'main', to: 'van-7' };
    for (const kind of ['receive', 'transfer', 'scrap'] as const) {
      const request = requestOf({ kind, ...base }, 'id-1');
      expect(movementRequestSchema.safeParse(request).success, kind).toBe(true);
    }
    expect(requestOf({ kind: 'scrap', ...base }, 'id-1')).toEqual({ kind: 'scrap', id: 'id-1', sku: 'FLT-1', qty: 3, from: 'main' });
  });

  it('keeps one idempotency id per submission: the same draft sent again reuses it, a changed or a new one gets another', () => {
    let n = 0;
    const ids = new SubmissionIds(() => `id-${++n}`);
    const draft = { kind: 'receive' as const, sku: 'FLT-1', qty: '3', from: '', to: 'main' };
    expect(ids.idFor(draft)).toBe('id-1');
    expect(ids.idFor({ ...draft })).toBe('id-1'); // a retry after a network error, or a double click
    expect(ids.idFor({ ...draft, from: 'unused by a receipt' })).toBe('id-1');
    expect(ids.idFor({ ...draft, qty: '4' })).toBe('id-2');
    ids.settled();
    expect(ids.idFor({ ...draft, qty: '4' })).toBe('id-3'); // recorded: the same form again is another delivery
  });
});

describe('alert days', () => {
  const at = Date.parse('2026-11-23T20:00:00Z');
  it('asks for the UTC days that share hours with the user’s today', () => {
    expect(utcDaysOfLocalToday('UTC', at)).toEqual(['2026-11-23']);
    // Shanghai (UTC+8): 24 Nov 04:00 local; that day runs 23 Nov 16:00 – 24 Nov 16:00 UTC.
    expect(utcDaysOfLocalToday('Asia/Shanghai', at)).toEqual(['2026-11-23', '2026-11-24']);
    // New York (UTC−5): 23 Nov 15:00 local; that day runs 23 Nov 05:00 – 24 Nov 05:00 UTC.
    expect(utcDaysOfLocalToday('America/New_York', at)).toEqual(['2026-11-23', '2026-11-24']);
  });

  it('keeps alerts raised on the user’s today only', () => {
    expect(isLocalToday('2026-11-23T17:00:00Z', 'Asia/Shanghai', at)).toBe(true);
    expect(isLocalToday('2026-11-23T15:00:00Z', 'Asia/Shanghai', at)).toBe(false);
  });
});

describe('parts message catalogs', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('the Chinese catalog has the same keys and placeholders as the English one, none empty', () => {
    expect(Object.keys(partsZhCN).sort()).toEqual(Object.keys(partsEn).sort());
    for (const key of Object.keys(partsEn) as (keyof typeof partsEn)[]) {
      expect(partsZhCN[key].trim(), key).not.toBe('');
      expect(placeholders(partsZhCN[key]), key).toEqual(placeholders(partsEn[key]));
    }
  });
});

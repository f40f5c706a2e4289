// Proves routing (first matching rule wins), assignment (round robin over available members, least open) and custom field validation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customFieldsSchema, validateCustomFields } from '#shared/directory/custom-field-values.ts';
import { checkDirectory } from '#shared/directory/directory-checks.ts';
import { chooseAssignee, routeTicket } from '#shared/directory/directory-rules.ts';
import type { CustomField, RoutingRule, Team } from '#shared/directory/directory.ts';
import { ValidationError } from '#shared/errors/domain-errors.ts';

const rules: RoutingRule[] = [
  { id: 'vip', when: { customerTier: 'vip' }, teamId: 'premium' },
  { id: 'billing-email', when: { categoryId: 'billing', channel: 'email' }, teamId: 'billing' },
  { id: 'billing', when: { categoryId: 'billing' }, teamId: 'finance-desk' },
  { id: 'default', when: {}, teamId: 'support' },
];

describe('routeTicket', () => {
  it('takes the first rule whose every condition matches, in the admin’s order', () => {
    expect(routeTicket(rules, { categoryId: 'billing', channel: 'email', customerTier: 'vip' })).toBe('premium');
    expect(routeTicket(rules, { categoryId: 'billing', channel: 'email' })).toBe('billing');
    expect(routeTicket(rules, { categoryId: 'billing', channel: 'phone' })).toBe('finance-desk');
    expect(routeTicket(rules, { channel: 'web' })).toBe('support');
    expect(routeTicket([], { channel: 'web' })).toBeUndefined();
  });
});

describe('chooseAssignee', () => {
  const team = (assignment: Team['assignment']): Team => ({ id: 't', name: { en: 'T' }, assignment, memberIds: ['a', 'b', 'c'] });

  it('gives every available member a turn, equally, and skips the unavailable', () => {
    fc.assert(
      fc.property(fc.subarray(['a', 'b', 'c'], { minLength: 1 }), fc.nat(50), (available, start) => {
        const got = Array.from({ length: available.length * 3 }, (_, i) => chooseAssignee(team('round_robin'), new Set(available), { turn: start + i }));
        return available.every((m) => got.filter((g) => g === m).length === 3);
      }),
    );
  });

  it('picks the available member with the fewest active tickets, ties by member order', () => {
    const counts = new Map([['a', 5], ['b', 2], ['c', 2]]);
    expect(chooseAssignee(team('least_open'), new Set(['a', 'b', 'c']), { openCounts: counts })).toBe('b');
    expect(chooseAssignee(team('least_open'), new Set(['a', 'c']), { openCounts: counts })).toBe('c');
  });

  it('assigns nobody for manual teams or when nobody is available', () => {
    expect(chooseAssignee(team('manual'), new Set(['a']), {})).toBeUndefined();
    expect(chooseAssignee(team('round_robin'), new Set(), { turn: 0 })).toBeUndefined();
  });
});

describe('checkDirectory', () => {
  it('refuses duplicate ids and rules naming teams or categories that do not exist', () => {
    expect(() => checkDirectory('categories', [{ id: 'a' }, { id: 'a' }])).toThrow(ValidationError);
    const err = (() => {
      try {
        checkDirectory('routing-rules', [{ id: 'r', when: { categoryId: 'nope' }, teamId: 'ghost' } as RoutingRule], { teams: [], categories: [] });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(err?.fields?.map((f) => f.path)).toEqual(['items.0.teamId', 'items.0.when.categoryId']);
  });
});

describe('validateCustomFields', () => {
  const defs: CustomField[] = [
    { key: 'serial', label: { en: 'Serial' }, type: 'text', required: true, options: [], ticketTypes: ['incident'] },
    { key: 'floor', label: { en: 'Floor' }, type: 'number', required: false, options: [], ticketTypes: [] },
    { key: 'visit', label: { en: 'Visit' }, type: 'date', required: false, options: [], ticketTypes: [] },
    { key: 'area', label: { en: 'Area' }, type: 'select', required: false, options: [{ value: 'north', label: { en: 'North' } }], ticketTypes: [] },
    { key: 'parts', label: { en: 'Parts' }, type: 'multiselect', required: false, options: [{ value: 'valve', label: { en: 'Valve' } }], ticketTypes: [] },
    { key: 'onsite', label: { en: 'On site' }, type: 'checkbox', required: false, options: [], ticketTypes: [] },
  ];

  it('accepts values of the right kinds and requires required fields of the ticket’s type only', () => {
    expect(validateCustomFields(defs, 'incident', { serial: 'SN1', floor: 3, visit: '2026-12-01', area: 'north', parts: ['valve'], onsite: true }, { requireAll: true })).toMatchObject({ serial: 'SN1', floor: 3 });
    expect(validateCustomFields(defs, 'question', { floor: 1 }, { requireAll: true })).toEqual({ floor: 1 });
  });

  it('names each bad value: unknown key, wrong kind, unknown option, missing required', () => {
    try {
      validateCustomFields(defs, 'incident', { floor: 'three', visit: '01/12/2026', area: 'south', parts: ['nut'], onsite: 'yes', colour: 'red' }, { requireAll: true });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).fields?.map((f) => f.path)).toEqual([
        'customFields.floor',
        'customFields.visit',
        'customFields.area',
        'customFields.parts',
        'customFields.onsite',
        'customFields.colour',
        'customFields.serial',
      ]);
    }
  });

  it('refuses dates that are not calendar days and empty required values; null clears a field on edit', () => {
    const paths = (f: () => unknown) => {
      try {
        f();
        return [];
      } catch (e) {
        return (e as ValidationError).fields?.map((x) => `${x.path}: ${x.message}`);
      }
    };
    expect(paths(() => validateCustomFields(defs, undefined, { visit: '2026-02-30' }, { requireAll: false }))).toEqual(['customFields.visit: A date as YYYY-MM-DD']);
    expect(paths(() => validateCustomFields(defs, 'incident', { serial: '' }, { requireAll: true }))).toEqual(['customFields.serial: Serial is required']);
    expect(validateCustomFields(defs, 'incident', { serial: null, floor: null }, { requireAll: false })).toEqual({ serial: null, floor: null });
  });

  it('builds a schema that accepts every well-formed set of values unchanged (property)', () => {
    const schema = customFieldsSchema(defs, 'incident', { requireAll: true });
    const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const values = fc.record(
      {
        serial: fc.string({ minLength: 1, maxLength: 2000 }),
        floor: fc.double({ noNaN: true, noDefaultInfinity: true }),
        visit: day,
        area: fc.constant('north'),
        parts: fc.array(fc.constant('valve'), { maxLength: 3 }),
        onsite: fc.boolean(),
      },
      { requiredKeys: ['serial'] },
    );
    fc.assert(
      fc.property(values, (v) => {
        expect(schema.parse(v)).toEqual(v);
      }),
    );
  });
});

// Proves the local EventBridge pattern matcher matches exact values as EventBridge does, and refuses by name the operators it does not serve.
import { describe, expect, it } from 'vitest';
import { compilePattern, matchesAny, UnsupportedPatternError } from '../../../infra/local/event-pattern.ts';

/** The outbox pipe's filter, as the template has it. */
const OUTBOX = '{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"itemType":{"S":["outbox"]},"status":{"S":["queued"]}}}}';

const record = (eventName: string, image?: Record<string, unknown>) => ({
  eventID: '1',
  eventName,
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'eu-west-1',
  dynamodb: { Keys: { pk: { S: 'OUTBOX#1' } }, ...(image ? { NewImage: image } : {}), SequenceNumber: '1', SizeBytes: 10, StreamViewType: 'NEW_IMAGE' },
});

describe('event patterns (exact values)', () => {
  const outbox = compilePattern(OUTBOX, 'outbox');

  it('lets a new or re-queued outbox item through', () => {
    expect(outbox(record('INSERT', { itemType: { S: 'outbox' }, status: { S: 'queued' }, id: { S: 'x' } }))).toBe(true);
    expect(outbox(record('MODIFY', { itemType: { S: 'outbox' }, status: { S: 'queued' } }))).toBe(true);
  });

  it('keeps out other event names, statuses, item types, and records without the field', () => {
    expect(outbox(record('REMOVE', { itemType: { S: 'outbox' }, status: { S: 'queued' } }))).toBe(false);
    expect(outbox(record('MODIFY', { itemType: { S: 'outbox' }, status: { S: 'sent' } }))).toBe(false);
    expect(outbox(record('INSERT', { itemType: { S: 'entry' }, status: { S: 'queued' } }))).toBe(false);
    expect(outbox(record('INSERT', { itemType: { S: 'outbox' } }))).toBe(false);
    expect(outbox(record('INSERT'))).toBe(false);
    // Values are exact and typed: a number attribute is not the string.
    expect(outbox(record('INSERT', { itemType: { N: 'outbox' }, status: { S: 'queued' } }))).toBe(false);
    expect(outbox(record('INSERT', { itemType: { S: 'Outbox' }, status: { S: 'queued' } }))).toBe(false);
  });

  it('matches array values when any element matches, and objects inside arrays one by one', () => {
    const tags = compilePattern({ detail: { tags: ['urgent'] } }, 'tags');
    expect(tags({ detail: { tags: ['low', 'urgent'] } })).toBe(true);
    expect(tags({ detail: { tags: ['low'] } })).toBe(false);
    expect(tags({ detail: { tags: [] } })).toBe(false);
    const items = compilePattern({ detail: { items: { sku: ['A-1'] } } }, 'items');
    expect(items({ detail: { items: [{ sku: 'B-2' }, { sku: 'A-1' }] } })).toBe(true);
    expect(items({ detail: { items: [{ sku: 'B-2' }] } })).toBe(false);
  });

  it('compares numbers as numbers and matches null and booleans exactly', () => {
    const n = compilePattern({ size: [5, 7.5] }, 'n');
    expect(n({ size: 5 })).toBe(true);
    expect(n({ size: 5.0 })).toBe(true);
    expect(n({ size: 7.5 })).toBe(true);
    expect(n({ size: '5' })).toBe(false);
    const z = compilePattern({ a: [null], b: [false] }, 'z');
    expect(z({ a: null, b: false })).toBe(true);
    expect(z({ b: false })).toBe(false); // a missing field is not null
    expect(z({ a: null, b: 0 })).toBe(false);
  });

  it('passes a record when any filter matches, and everything when there are none', () => {
    const a = compilePattern({ k: ['a'] }, 'a');
    const b = compilePattern({ k: ['b'] }, 'b');
    expect(matchesAny([a, b], { k: 'b' })).toBe(true);
    expect(matchesAny([a, b], { k: 'c' })).toBe(false);
    expect(matchesAny([], { k: 'c' })).toBe(true);
  });

  it('refuses, by name, the operators and forms it does not serve', () => {
    const refused = (pattern: unknown) => {
      try {
        compilePattern(pattern, 'Pipe P, filter 1');
      } catch (err) {
        expect(err).toBeInstanceOf(UnsupportedPatternError);
        return (err as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(pattern)}`);
    };
    expect(refused({ a: [{ prefix: 'x' }] })).toMatch(/^Pipe P, filter 1: the "prefix" filter \(at a\) is not served locally/);
    expect(refused({ a: { b: [{ 'anything-but': ['x'] }] } })).toMatch(/"anything-but" filter \(at a\.b\)/);
    expect(refused({ a: [{ numeric: ['>', 0] }] })).toMatch(/"numeric" filter/);
    expect(refused({ a: [{ exists: true }] })).toMatch(/"exists" filter/);
    expect(refused({ a: ['x', { suffix: '.png' }] })).toMatch(/"suffix" filter/);
    expect(refused({ a: [{ 'equals-ignore-case': 'x' }] })).toMatch(/"equals-ignore-case" filter/);
    expect(refused({ a: [{ wildcard: 'x*' }] })).toMatch(/"wildcard" filter/);
    expect(refused({ $or: [{ a: ['x'] }, { b: ['y'] }] })).toMatch(/"\$or"/);
    expect(refused({ a: [{ mystery: 1 }] })).toMatch(/unrecognized filter/);
    expect(refused({ a: 'x' })).toMatch(/must be an array of values or an object/);
    expect(refused({ a: [] })).toMatch(/empty array/);
    expect(refused({})).toMatch(/empty/);
    expect(refused('{not json')).toMatch(/not valid JSON/);
    expect(refused(['x'])).toMatch(/JSON object/);
  });
});

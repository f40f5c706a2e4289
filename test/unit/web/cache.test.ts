// The console's shared list cache: a change to one item never replaces a list with that item
// alone (the admin users page once showed only the admin after a failed first load).
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../web/src/api/client.ts';
import { fetchCached, patchCached } from '../../../web/src/data/cache.ts';

const api = () => ({}) as ApiClient;
const addItem = (item: string) => (list: string[]) => [...list.filter((x) => x !== item), item];

describe('patchCached', () => {
  it('applies to a loaded list', async () => {
    const a = api();
    await fetchCached(a, 'k', async () => ['x', 'y']);
    patchCached(a, 'k', addItem('z'));
    expect(await fetchCached(a, 'k', async () => [])).toEqual(['x', 'y', 'z']);
  });

  it('fabricates nothing when the list failed to load: the next load brings it whole', async () => {
    const a = api();
    await fetchCached(a, 'k', async () => Promise.reject(new Error('503'))).catch(() => undefined);
    patchCached(a, 'k', addItem('z'));
    expect(await fetchCached(a, 'k', async () => ['x', 'y', 'z'])).toEqual(['x', 'y', 'z']);
  });

  it('waits for a load under way and applies on top of its answer', async () => {
    const a = api();
    let answer!: (v: string[]) => void;
    const loading = fetchCached(a, 'k', () => new Promise<string[]>((r) => (answer = r)));
    patchCached(a, 'k', addItem('z'));
    answer(['x', 'y']);
    await loading;
    await new Promise((r) => setTimeout(r, 0));
    expect(await fetchCached(a, 'k', async () => [])).toEqual(['x', 'y', 'z']);
  });
});

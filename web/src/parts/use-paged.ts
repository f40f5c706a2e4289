import { useEffect, useState } from 'preact/hooks';
import type { Page } from '../api/parts.ts';

export type PagedState<T> =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | { state: 'ready'; items: T[]; cursor?: string; more: 'idle' | 'loading' | 'failed' };

/** A list read a page at a time: the first page when `key` changes, the next on `loadMore`. */
export function usePaged<T>(key: string, load: (cursor?: string) => Promise<Page<T>>): PagedState<T> & { loadMore(): void } {
  const [paged, setPaged] = useState<PagedState<T>>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    setPaged({ state: 'loading' });
    load().then(
      (page) => current && setPaged({ state: 'ready', items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}), more: 'idle' }),
      (error: unknown) => current && setPaged({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [key]);

  async function loadMore() {
    if (paged.state !== 'ready' || !paged.cursor || paged.more === 'loading') return;
    const shown = paged;
    setPaged({ ...shown, more: 'loading' });
    try {
      const page = await load(shown.cursor);
      setPaged({ state: 'ready', items: [...shown.items, ...page.items], ...(page.cursor ? { cursor: page.cursor } : {}), more: 'idle' });
    } catch {
      setPaged({ ...shown, more: 'failed' });
    }
  }

  return { ...paged, loadMore: () => void loadMore() };
}

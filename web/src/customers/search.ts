import { useEffect, useState } from 'preact/hooks';
import type { Customer, CustomerQuery } from '../api/customers.ts';
import { customerQueryFor, searchCustomers } from '../api/customers.ts';
import { useApp } from '../app-context.ts';

export type SearchState =
  | { state: 'idle' }
  /** Typed something that is neither a name nor a whole email or phone number yet. */
  | { state: 'incomplete' }
  | { state: 'searching'; by: 'q' | 'email' | 'phone' }
  | { state: 'done'; by: 'q' | 'email' | 'phone'; items: Customer[] }
  | { state: 'failed'; error: unknown };

const byOf = (query: CustomerQuery) => ('email' in query ? 'email' : 'phone' in query ? 'phone' : 'q') as 'q' | 'email' | 'phone';

/**
 * Searches as the agent types (after a short pause): an email address or a phone number is looked
 * up exactly, anything else as the start of a name. Answers that arrive late never replace newer ones.
 */
export function useCustomerSearch(text: string, delayMs = 250): SearchState {
  const { api } = useApp();
  const [result, setResult] = useState<SearchState>({ state: 'idle' });

  useEffect(() => {
    if (!text.trim()) {
      setResult({ state: 'idle' });
      return;
    }
    const query = customerQueryFor(text);
    if (!query) {
      setResult({ state: 'incomplete' });
      return;
    }
    let current = true;
    setResult({ state: 'searching', by: byOf(query) });
    const timer = setTimeout(() => {
      searchCustomers(api, query).then(
        (items) => current && setResult({ state: 'done', by: byOf(query), items }),
        (error: unknown) => current && setResult({ state: 'failed', error }),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, text]);

  return result;
}

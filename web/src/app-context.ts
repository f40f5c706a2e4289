import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client.ts';
import type { IdTokenClaims } from './auth/id-token.ts';
import type { ConsoleConfig } from './config.ts';

/** Everything a signed-in page needs; only exists once config and session are both known. */
export interface AppServices {
  config: ConsoleConfig;
  user: IdTokenClaims;
  api: ApiClient;
  signOut(): void;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp must be used inside a signed-in <AppContext.Provider>');
  return value;
}

/** Deploy-time settings; the same bundle runs in every stage because these come from /config.json. */
export interface ConsoleConfig {
  apiUrl: string;
  stage: string;
  region: string;
  auth: {
    /** Base URL of the Cognito hosted UI (or the local look-alike), without a trailing slash. */
    domain: string;
    clientId: string;
  };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Cognito reports its domain as a bare host name; accept that as well as a full URL. */
function withScheme(domain: string): string {
  return /^https?:\/\//i.test(domain) ? domain : `https://${domain}`;
}

export function parseConfig(raw: unknown): ConsoleConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json is not an object');
  const record = raw as Record<string, unknown>;
  const auth = record['auth'] as Record<string, unknown> | undefined;
  const { apiUrl, stage, region } = record;
  if (!isNonEmptyString(apiUrl)) throw new Error('config.json: apiUrl is missing');
  if (!auth || !isNonEmptyString(auth['domain']) || !isNonEmptyString(auth['clientId'])) {
    throw new Error('config.json: auth.domain and auth.clientId are required');
  }
  return {
    apiUrl: withoutTrailingSlash(apiUrl),
    stage: isNonEmptyString(stage) ? stage : '',
    region: isNonEmptyString(region) ? region : '',
    auth: {
      domain: withoutTrailingSlash(withScheme(auth['domain'])),
      clientId: auth['clientId'],
    },
  };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  // no-store: the file changes on redeploy while the hashed bundle may stay cached.
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parseConfig(await response.json());
}

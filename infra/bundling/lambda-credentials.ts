/**
 * Stands in for `@aws-sdk/credential-provider-node` inside Lambda bundles. A Lambda function
 * always receives its role's credentials as environment variables, so the full default chain
 * (SSO, INI files, IMDS, process, web identity: ~90 KB minified) is dead weight on every cold start.
 * The local runtime passes credentials the same way.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);

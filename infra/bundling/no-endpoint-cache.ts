/**
 * Stands in for `@aws-sdk/endpoint-cache` inside Lambda bundles. The DynamoDB client builds an
 * endpoint-discovery cache (an LRU from `mnemonist`, ~8 KB minified) even though discovery is
 * opt-in and Loopdesk never turns it on; regional endpoints are used. Using the cache is a bug here.
 */
function unavailable(): never {
  throw new Error('DynamoDB endpoint discovery is not bundled into Loopdesk functions (infra/bundling/no-endpoint-cache.ts)');
}

export class EndpointCache {
  constructor(_capacity?: number) {}
  getEndpoint(): never {
    return unavailable();
  }
  set(): never {
    return unavailable();
  }
  delete(): void {}
  has(): boolean {
    return false;
  }
  clear(): void {}
}

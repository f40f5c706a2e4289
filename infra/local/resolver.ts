import type { CfnTemplate } from './cloud-assembly.ts';

/** What a resource's Ref and Fn::GetAtt mean on this machine. */
export interface LocalValue {
  ref: string;
  attributes?: Record<string, string>;
}

/**
 * A cloud URL built around a stand-in resource (e.g. `https://<domain prefix>.auth.<region>.
 * amazoncognito.com`) is rewritten to the stand-in's local origin, keeping the path. The resource's
 * Ref resolves to a sentinel first so the whole URL can be recognised after joining.
 */
export interface UrlStandIn {
  sentinel: string;
  /** Matches the full cloud URL prefix around the sentinel. */
  pattern: RegExp;
  localBase: string;
}

export class UnresolvableError extends Error {}

/**
 * Resolves CloudFormation intrinsic functions against local equivalents, so function environments,
 * authorizer settings and console config come out of the template rather than a second list.
 */
export class LocalResolver {
  private readonly values = new Map<string, LocalValue>();
  private readonly urlStandIns: UrlStandIn[] = [];

  constructor(
    private readonly template: CfnTemplate,
    private readonly pseudo: { region: string; accountId: string; stackName: string },
  ) {}

  define(logicalId: string, value: LocalValue): void {
    this.values.set(logicalId, value);
  }

  /** Adds one attribute to a defined resource, for values known only once its engine made it (a table's stream ARN). */
  defineAttribute(logicalId: string, attribute: string, value: string): void {
    const current = this.values.get(logicalId);
    if (!current) throw new Error(`${logicalId} has no local value to add ${attribute} to`);
    current.attributes = { ...current.attributes, [attribute]: value };
  }

  /**
   * Makes `Ref` (or one attribute) of a stand-in resource resolve to a sentinel, and rewrites any
   * cloud URL built around it (`pattern(sentinel)`) to the local stand-in's base URL.
   */
  defineUrlStandIn(
    logicalId: string,
    standIn: { pattern: (sentinel: string) => RegExp; localBase: string; attribute?: string },
  ): void {
    const sentinel = `loopdesk-local-${logicalId.toLowerCase()}`;
    const current = this.values.get(logicalId) ?? { ref: logicalId };
    if (standIn.attribute) current.attributes = { ...current.attributes, [standIn.attribute]: sentinel };
    else current.ref = sentinel;
    this.values.set(logicalId, current);
    this.urlStandIns.push({ sentinel, pattern: standIn.pattern(sentinel), localBase: standIn.localBase });
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      switch (fn) {
        case 'Ref':
          return this.ref(arg as string);
        case 'Fn::GetAtt':
          return this.getAtt(arg as [string, string] | string);
        case 'Fn::Join':
          return this.rewriteUrls(this.join(arg as [string, unknown[]]));
        case 'Fn::Select': {
          const [index, list] = arg as [number | string, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [sep, str] = arg as [string, unknown];
          return String(this.resolve(str)).split(sep);
        }
        case 'Fn::Sub':
          return this.rewriteUrls(this.sub(arg as string | [string, Record<string, unknown>]));
        default:
          if (fn.startsWith('Fn::')) throw new UnresolvableError(`${fn} is not supported by the local runtime`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  resolveString(value: unknown): string {
    return String(this.resolve(value));
  }

  private ref(name: string): string {
    switch (name) {
      case 'AWS::Region':
        return this.pseudo.region;
      case 'AWS::AccountId':
        return this.pseudo.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.pseudo.stackName;
      case 'AWS::NoValue':
        return '';
    }
    const local = this.values.get(name);
    if (local) return local.ref;
    const type = this.template.Resources[name]?.Type ?? 'unknown resource';
    throw new UnresolvableError(`Ref to ${name} (${type}) has no local equivalent`);
  }

  private getAtt(arg: [string, string] | string): string {
    const [id, attr] = typeof arg === 'string' ? (arg.split('.') as [string, string]) : arg;
    const value = this.values.get(id)?.attributes?.[attr];
    if (value !== undefined) return value;
    const type = this.template.Resources[id]?.Type ?? 'unknown resource';
    throw new UnresolvableError(`Fn::GetAtt ${id}.${attr} (${type}) has no local equivalent`);
  }

  private join([sep, parts]: [string, unknown[]]): string {
    const resolved = this.resolve(parts);
    if (!Array.isArray(resolved)) throw new UnresolvableError('Fn::Join expects a list');
    return resolved.map(String).join(sep);
  }

  private sub(arg: string | [string, Record<string, unknown>]): string {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : arg;
    return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
      if (name in vars) return String(this.resolve(vars[name]));
      return name.includes('.') ? this.getAtt(name) : this.ref(name);
    });
  }

  /** Rewrites cloud URLs of stand-in resources inside an already-resolved string. */
  rewriteUrls(text: string): string {
    let out = text;
    for (const s of this.urlStandIns) out = out.replace(s.pattern, s.localBase);
    return out;
  }

  /** Every cloud URL around a stand-in sentinel left in a resolved string is a wiring bug. */
  assertNoSentinels(text: string, where: string): void {
    for (const s of this.urlStandIns) {
      if (text.includes(s.sentinel)) throw new UnresolvableError(`${where} uses ${s.sentinel} outside a URL the local runtime knows`);
    }
  }
}

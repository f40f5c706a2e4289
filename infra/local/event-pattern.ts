/**
 * EventBridge event patterns, the subset the template uses: nested objects and arrays of exact
 * values (strings, numbers, booleans, null). Content-filtering operators (prefix, anything-but,
 * numeric, exists, …) and `$or` are refused by name when the pattern is compiled, so a pattern the
 * local runtime cannot honour stops the start instead of matching more or less than AWS would.
 *
 * Matching follows EventBridge: every field the pattern names must match; a leaf matches when the
 * event's value equals one of the listed values (numbers compare as numbers, strings exactly);
 * when the event's value is an array, one of its elements must match (objects in such an array are
 * matched one by one); a field the event lacks matches nothing.
 */
export type EventMatcher = (event: unknown) => boolean;

/** Content filters EventBridge has and the local runtime does not serve (yet). */
const OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'wildcard', 'cidr'];

export class UnsupportedPatternError extends Error {}

/** Compiles a pattern (object or JSON text); `where` names it in errors (e.g. the pipe and filter). */
export function compilePattern(pattern: unknown, where: string): EventMatcher {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      throw new UnsupportedPatternError(`${where}: the event pattern is not valid JSON`);
    }
  }
  if (!isObject(parsed)) throw new UnsupportedPatternError(`${where}: an event pattern is a JSON object`);
  if (Object.keys(parsed).length === 0) throw new UnsupportedPatternError(`${where}: the event pattern is empty`);
  return compileObject(parsed, where, []);
}

/** True when any of the matchers matches (a pipe's filters); no matchers means everything passes. */
export function matchesAny(matchers: EventMatcher[], event: unknown): boolean {
  return matchers.length === 0 || matchers.some((m) => m(event));
}

function compileObject(pattern: Record<string, unknown>, where: string, path: string[]): EventMatcher {
  const fields = Object.entries(pattern).map(([key, value]) => {
    const at = [...path, key];
    if (key === '$or') throw new UnsupportedPatternError(`${where}: "$or" (at ${at.join('.')}) is not served locally`);
    if (Array.isArray(value)) return [key, compileLeaf(value, where, at)] as const;
    if (isObject(value)) {
      if (Object.keys(value).length === 0) throw new UnsupportedPatternError(`${where}: empty object at ${at.join('.')}`);
      return [key, compileObject(value, where, at)] as const;
    }
    throw new UnsupportedPatternError(`${where}: the value at ${at.join('.')} must be an array of values or an object, not ${JSON.stringify(value)}`);
  });
  const matchOne = (event: unknown): boolean => {
    if (!isObject(event)) return false;
    for (const [key, match] of fields) {
      if (!Object.prototype.hasOwnProperty.call(event, key)) return false;
      if (!match(event[key])) return false;
    }
    return true;
  };
  // An array of objects in the event matches when one of its objects does.
  return (event) => (Array.isArray(event) ? event.some(matchOne) : matchOne(event));
}

function compileLeaf(values: unknown[], where: string, path: string[]): EventMatcher {
  if (values.length === 0) throw new UnsupportedPatternError(`${where}: empty array at ${path.join('.')}`);
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const booleans = new Set<boolean>();
  let nullable = false;
  for (const v of values) {
    if (typeof v === 'string') strings.add(v);
    else if (typeof v === 'number') numbers.add(v);
    else if (typeof v === 'boolean') booleans.add(v);
    else if (v === null) nullable = true;
    else if (isObject(v)) {
      const names = Object.keys(v);
      const known = names.filter((n) => OPERATORS.includes(n));
      if (known.length) {
        throw new UnsupportedPatternError(`${where}: the "${known[0]}" filter (at ${path.join('.')}) is not served locally; only exact values are`);
      }
      throw new UnsupportedPatternError(`${where}: unrecognized filter ${JSON.stringify(v)} at ${path.join('.')}`);
    } else throw new UnsupportedPatternError(`${where}: ${JSON.stringify(v)} at ${path.join('.')} is not a value a pattern can match`);
  }
  const matchScalar = (x: unknown): boolean =>
    (typeof x === 'string' && strings.has(x)) || (typeof x === 'number' && numbers.has(x)) || (typeof x === 'boolean' && booleans.has(x)) || (x === null && nullable);
  return (event) => (Array.isArray(event) ? event.some(matchScalar) : matchScalar(event));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

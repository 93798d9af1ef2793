import type { ChannelKind, FlowBundle, JsonValue } from './definition.schemas';
import type { Session } from './session.schemas';

/** What a `$path` or `{path}` can see: conversation vars, `contact.*`, `lang`, `channel`, and `item` in option labels. */
export interface Scope {
  session: Session;
  lang: string;
  channel: ChannelKind | null;
  item?: JsonValue;
}

export const PLACEHOLDER_PATTERN = /\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}/g;
export const BUILT_IN_ROOTS = ['contact', 'lang', 'channel'] as const;

/** Paths come from the flow definitions, a finite set read on every step: each is split once. */
const splitPaths = new Map<string, readonly string[]>();
function segmentsOf(path: string): readonly string[] {
  let segments = splitPaths.get(path);
  if (!segments) {
    segments = path.split('.');
    if (splitPaths.size < 10_000) splitPaths.set(path, segments);
  }
  return segments;
}

export function readPath(scope: Scope, path: string): JsonValue | undefined {
  const segments = segmentsOf(path);
  const root = segments[0];
  let current: JsonValue | undefined;
  if (root === 'lang') current = scope.lang;
  else if (root === 'channel') current = scope.channel;
  else if (root === 'item') current = scope.item;
  else if (root === 'contact') current = scope.session.contact;
  else current = root === undefined ? undefined : scope.session.vars[root];
  for (let index = 1; index < segments.length; index += 1) {
    const segment = segments[index] as string;
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (current !== null && typeof current === 'object') current = current[segment];
    else return undefined;
  }
  return current;
}

export function writePath(session: Session, path: string, value: JsonValue | undefined): void {
  const segments = path.split('.');
  let container: Record<string, JsonValue> = session.vars;
  if (segments[0] === 'contact') {
    container = session.contact;
    segments.shift();
  }
  const last = segments.pop();
  if (last === undefined) return;
  for (const segment of segments) {
    const next = container[segment];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const created: Record<string, JsonValue> = {};
      container[segment] = created;
      container = created;
    } else {
      container = next;
    }
  }
  if (value === undefined) delete container[last];
  else container[last] = value;
}

/** Strings starting with `$` are variable references; objects and lists are resolved member by member. */
export function resolveExpression(expression: JsonValue, scope: Scope): JsonValue | undefined {
  if (typeof expression === 'string')
    return expression.startsWith('$') ? readPath(scope, expression.slice(1)) : expression;
  if (Array.isArray(expression)) {
    return expression.map((member) => resolveExpression(member, scope)).filter((member) => member !== undefined);
  }
  if (expression !== null && typeof expression === 'object') {
    const resolved: Record<string, JsonValue> = {};
    for (const [key, member] of Object.entries(expression)) {
      const value = resolveExpression(member, scope);
      if (value !== undefined && value !== null) resolved[key] = value;
    }
    return resolved;
  }
  return expression;
}

export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value))
    return value
      .map((member) => formatValue(member))
      .filter(Boolean)
      .join(', ');
  return '';
}

/** The text of `key` in `lang` (falling back to the default language), placeholders filled from the scope. */
export function renderMessage(bundle: FlowBundle, key: string, scope: Scope): string {
  const template = bundle.messages[scope.lang]?.[key] ?? bundle.messages[bundle.settings.defaultLanguage]?.[key] ?? key;
  return template.replace(PLACEHOLDER_PATTERN, (_match, path: string) => formatValue(readPath(scope, path))).trim();
}

export function listPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? '');
}

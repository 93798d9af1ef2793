import type { JsonValue, SetOp } from './definition.schemas';
import type { Session } from './session.schemas';
import { readPath, resolveExpression, writePath } from './variables';
import type { Scope } from './variables';

export function applySetOp(op: SetOp, session: Session, scope: Scope): void {
  if ('assign' in op) {
    writePath(session, op.assign, resolveExpression(op.value, scope));
  } else if ('append' in op) {
    const current = readPath(scope, op.append);
    const value = resolveExpression(op.value, scope);
    const list: JsonValue[] = Array.isArray(current) ? [...current] : [];
    if (value !== undefined) list.push(value);
    writePath(session, op.append, list);
  } else if ('setKeys' in op) {
    const current = readPath(scope, op.setKeys);
    const target: Record<string, JsonValue> =
      current !== null && typeof current === 'object' && !Array.isArray(current) ? { ...current } : {};
    const keys = resolveExpression(op.keys, scope);
    const value = resolveExpression(op.value, scope) ?? null;
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      if (typeof key === 'string') target[key] = value;
    }
    writePath(session, op.setKeys, target);
  } else if ('increment' in op) {
    const current = readPath(scope, op.increment);
    writePath(session, op.increment, (typeof current === 'number' ? current : 0) + (op.by ?? 1));
  } else {
    writePath(session, op.unset, undefined);
  }
}

import type { Condition, JsonValue } from './definition.schemas';
import { readPath } from './variables';
import type { Scope } from './variables';

export function evaluateCondition(condition: Condition, scope: Scope): boolean {
  if ('all' in condition) return condition.all.every((member) => evaluateCondition(member, scope));
  if ('any' in condition) return condition.any.some((member) => evaluateCondition(member, scope));
  if ('not' in condition) return !evaluateCondition(condition.not, scope);
  if ('channel' in condition) return scope.channel !== null && condition.channel.includes(scope.channel);
  const value = readPath(scope, condition.var);
  if ('equals' in condition) return isSameValue(value, condition.equals);
  if ('notEquals' in condition) return !isSameValue(value, condition.notEquals);
  if ('in' in condition) return condition.in.some((candidate) => isSameValue(value, candidate));
  if ('isSet' in condition) return (value !== undefined && value !== null) === condition.isSet;
  if ('isEmpty' in condition) return isEmptyValue(value) === condition.isEmpty;
  if ('atLeast' in condition) return typeof value === 'number' && value >= condition.atLeast;
  return typeof value === 'number' && value < condition.below;
}

function isSameValue(left: JsonValue | undefined, right: JsonValue): boolean {
  return JSON.stringify(left ?? null) === JSON.stringify(right);
}

function isEmptyValue(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

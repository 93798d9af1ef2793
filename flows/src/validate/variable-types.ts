import { z } from 'zod';
import { findActionContract } from '../engine/action-contracts';
import type { Condition, FlowBundle, JsonValue } from '../engine/definition.schemas';
import { BUILT_IN_ROOTS } from '../engine/variables';

/** What is known about each variable: the schema of the action result stored in it, or just that it exists. */
export type VariableTypes = Map<string, z.core.$ZodType | 'untyped'>;

export function collectVariableTypes(bundle: FlowBundle): VariableTypes {
  const types: VariableTypes = new Map();
  const declare = (path: string, schema: z.core.$ZodType | 'untyped') => {
    const root = path.split('.')[0] ?? path;
    const isWhole = root === path;
    const known = types.get(root);
    types.set(root, known === undefined && isWhole ? schema : known === schema ? schema : 'untyped');
  };
  for (const flow of bundle.flows.values()) {
    for (const step of Object.values(flow.steps)) {
      if (step.type === 'ask' && step.store) declare(step.store, 'untyped');
      if (step.type === 'action' && step.store)
        declare(step.store, findActionContract(step.action)?.output ?? 'untyped');
      if (step.type === 'set') {
        for (const op of step.ops) {
          const target =
            'assign' in op
              ? op.assign
              : 'append' in op
                ? op.append
                : 'setKeys' in op
                  ? op.setKeys
                  : 'increment' in op
                    ? op.increment
                    : op.unset;
          declare(target, 'untyped');
        }
      }
    }
  }
  return types;
}

/** undefined when the path is fine, otherwise why not. `item` is the element of a choice's `from` list. */
export function explainUnknownPath(
  path: string,
  types: VariableTypes,
  item?: z.core.$ZodType | 'untyped',
): string | undefined {
  const [root = '', ...rest] = path.split('.');
  if ((BUILT_IN_ROOTS as readonly string[]).includes(root)) return undefined;
  const type = root === 'item' ? item : types.get(root);
  if (type === undefined)
    return root === 'item'
      ? `{${path}} is only known in a choice's optionLabel`
      : `unknown variable "${root}" in {${path}}: no step stores it`;
  if (type === 'untyped') return undefined;
  return schemaAt(type, rest)
    ? undefined
    : `"${root}" has no field "${rest.join('.')}" (see its action's output contract)`;
}

export function schemaAt(schema: z.core.$ZodType, segments: string[]): z.core.$ZodType | undefined {
  let current: z.core.$ZodType = schema;
  for (const segment of segments) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    if (current instanceof z.ZodObject) {
      const next: unknown = current.shape[segment];
      if (!(next instanceof z.core.$ZodType)) return undefined;
      current = next;
    } else if (current instanceof z.ZodArray && /^\d+$/.test(segment)) {
      current = current.element;
    } else if (current instanceof z.ZodRecord) {
      current = current.valueType;
    } else {
      return undefined;
    }
  }
  return current;
}

/** Every `$path` inside an expression. */
export function referencesIn(expression: JsonValue): string[] {
  if (typeof expression === 'string') return expression.startsWith('$') ? [expression.slice(1)] : [];
  if (Array.isArray(expression)) return expression.flatMap(referencesIn);
  if (expression !== null && typeof expression === 'object') return Object.values(expression).flatMap(referencesIn);
  return [];
}

export function variablesInCondition(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(variablesInCondition);
  if ('any' in condition) return condition.any.flatMap(variablesInCondition);
  if ('not' in condition) return variablesInCondition(condition.not);
  if ('channel' in condition) return [];
  return [condition.var];
}

import { z } from 'zod';
import type { FlowBundle, JsonValue, Step } from '../engine/definition.schemas';
import { SYSTEM_MESSAGE_KEYS } from '../engine/system-message-keys';
import { listPlaceholders } from '../engine/variables';
import type { Finding } from './finding';
import {
  collectVariableTypes,
  explainUnknownPath,
  referencesIn,
  schemaAt,
  variablesInCondition,
} from './variable-types';
import type { VariableTypes } from './variable-types';

interface MessageUse {
  flowId: string;
  stepId: string;
  key: string;
  item?: z.core.$ZodType | 'untyped';
}

/** Every key in every language, the same placeholders everywhere, and every placeholder or `$ref` known. */
export function checkMessages(bundle: FlowBundle): Finding[] {
  const findings: Finding[] = [];
  const types = collectVariableTypes(bundle);
  const uses = collectMessageUses(bundle, types);
  const languages = bundle.settings.languages;
  const usedKeys = new Set([...uses.map((use) => use.key), ...SYSTEM_MESSAGE_KEYS]);
  const allKeys = new Set([...usedKeys, ...Object.values(bundle.messages).flatMap((catalog) => Object.keys(catalog))]);
  for (const lang of languages) {
    const catalog = bundle.messages[lang];
    if (!catalog) {
      findings.push({
        severity: 'error',
        rule: 'missing-translation',
        where: `messages/${lang}.json`,
        message: `settings list "${lang}" but there is no messages/${lang}.json`,
      });
      continue;
    }
    for (const key of allKeys) {
      if (catalog[key] !== undefined) continue;
      const use = uses.find((candidate) => candidate.key === key);
      findings.push({
        severity: 'error',
        rule: 'missing-translation',
        where: use?.flowId ?? `messages/${lang}.json`,
        step: use?.stepId,
        message: `"${key}" has no ${lang} text`,
      });
    }
  }
  for (const key of allKeys) {
    if (!usedKeys.has(key))
      findings.push({
        severity: 'warning',
        rule: 'unused-message',
        where: 'messages',
        message: `"${key}" is not used by any flow`,
      });
    const byLanguage = languages.map((lang) => ({
      lang,
      placeholders: new Set(listPlaceholders(bundle.messages[lang]?.[key] ?? '')),
    }));
    const union = new Set(byLanguage.flatMap(({ placeholders }) => [...placeholders]));
    for (const { lang, placeholders } of byLanguage) {
      if (bundle.messages[lang]?.[key] === undefined) continue;
      for (const placeholder of union) {
        if (!placeholders.has(placeholder)) {
          findings.push({
            severity: 'error',
            rule: 'unknown-placeholder',
            where: `messages/${lang}.json`,
            message: `"${key}" lacks {${placeholder}} that another language uses`,
          });
        }
      }
    }
  }
  for (const use of uses) {
    const placeholders = new Set(languages.flatMap((lang) => listPlaceholders(bundle.messages[lang]?.[use.key] ?? '')));
    for (const placeholder of placeholders) {
      const problem = explainUnknownPath(placeholder, types, use.item);
      if (problem)
        findings.push({
          severity: 'error',
          rule: 'unknown-placeholder',
          where: use.flowId,
          step: use.stepId,
          message: `"${use.key}": ${problem}`,
        });
    }
  }
  findings.push(...checkReferences(bundle, types));
  return findings;
}

function collectMessageUses(bundle: FlowBundle, types: VariableTypes): MessageUse[] {
  const uses: MessageUse[] = [];
  for (const flow of bundle.flows.values()) {
    for (const [stepId, step] of Object.entries(flow.steps)) {
      const use = (key: string | undefined, item?: MessageUse['item']) => {
        if (key) uses.push({ flowId: flow.id, stepId, key, item });
      };
      if (step.type === 'say' || step.type === 'end') use(step.text);
      if (step.type !== 'ask') continue;
      use(step.text);
      use(step.hint);
      if (step.input.kind !== 'choice') continue;
      for (const option of step.input.options ?? []) use(option.label);
      if (step.input.from) use(step.input.optionLabel, itemTypeOf(step.input.from, types));
    }
  }
  return uses;
}

function itemTypeOf(listPath: string, types: VariableTypes): z.core.$ZodType | 'untyped' {
  const [root = '', ...rest] = listPath.split('.');
  const type = types.get(root);
  if (type === undefined || type === 'untyped') return 'untyped';
  let list = schemaAt(type, rest);
  while (list instanceof z.ZodOptional || list instanceof z.ZodNullable) list = list.unwrap();
  return list instanceof z.ZodArray ? list.element : 'untyped';
}

/** `$refs` in action inputs and set steps, condition variables and choice lists must name a variable. */
function checkReferences(bundle: FlowBundle, types: VariableTypes): Finding[] {
  const findings: Finding[] = [];
  for (const flow of bundle.flows.values()) {
    for (const [stepId, step] of Object.entries(flow.steps)) {
      for (const path of referencedPaths(step)) {
        const problem = explainUnknownPath(path, types);
        if (problem)
          findings.push({
            severity: 'error',
            rule: 'unknown-placeholder',
            where: flow.id,
            step: stepId,
            message: problem,
          });
      }
    }
  }
  return findings;
}

function referencedPaths(step: Step): string[] {
  switch (step.type) {
    case 'action':
      return referencesIn(step.input ?? {});
    case 'set':
      return step.ops.flatMap((op) => {
        const expressions: JsonValue[] = 'value' in op ? [op.value] : [];
        if ('keys' in op) expressions.push(op.keys);
        return expressions.flatMap(referencesIn);
      });
    case 'branch':
      return step.cases.flatMap((branchCase) => variablesInCondition(branchCase.when));
    case 'ask':
      return step.input.kind === 'choice' && step.input.from ? [step.input.from] : [];
    default:
      return [];
  }
}

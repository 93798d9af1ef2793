import type { FlowBundle, Step } from '../engine/definition.schemas';
import { PLACEHOLDER_PATTERN } from '../engine/variables';
import { paginateUssd } from '../ussd/paginate-ussd';
import type { UssdScreenInput } from '../ussd/paginate-ussd';
import type { Finding } from './finding';

/** How long a filled-in placeholder is assumed to be: a name, a date, a phone number. */
export const PLACEHOLDER_SAMPLE_WIDTH = 12;

/** Each question with one option at a time, and each text, must fit a USSD screen once paginated. */
export function checkUssdFit(bundle: FlowBundle): Finding[] {
  const findings: Finding[] = [];
  for (const lang of bundle.settings.languages) {
    const catalog = bundle.messages[lang];
    if (!catalog) continue;
    const text = (key: string | undefined) =>
      key ? (catalog[key] ?? '').replace(PLACEHOLDER_PATTERN, 'X'.repeat(PLACEHOLDER_SAMPLE_WIDTH)) : '';
    const footer = { more: text('ussd.more'), back: text('ussd.back') };
    for (const flow of bundle.flows.values()) {
      for (const [stepId, step] of Object.entries(flow.steps)) {
        const screen = screenOf(step, text, footer);
        if (!screen) continue;
        for (const problem of paginateUssd(screen).problems) {
          findings.push({
            severity: 'error',
            rule: 'ussd-fit',
            where: flow.id,
            step: stepId,
            message: `${lang}: ${problem}`,
          });
        }
      }
    }
  }
  return findings;
}

function screenOf(
  step: Step,
  text: (key: string | undefined) => string,
  footer: UssdScreenInput['footer'],
): UssdScreenInput | undefined {
  const base = { canGoBack: true, endsSession: false, footer };
  if (step.type === 'say') return { ...base, intro: [text(step.text)], choices: [] };
  if (step.type === 'end' && step.text) return { ...base, intro: [text(step.text)], choices: [], endsSession: true };
  if (step.type !== 'ask') return undefined;
  const input = step.input;
  const labels =
    input.kind === 'yesno'
      ? [text('system.yes'), text('system.no')]
      : input.kind === 'choice'
        ? [
            ...(input.from ? [text(input.optionLabel) || 'X'.repeat(PLACEHOLDER_SAMPLE_WIDTH)] : []),
            ...(input.options ?? []).map((option) => text(option.label)),
          ]
        : [];
  return {
    ...base,
    canGoBack: step.back !== false,
    intro: [],
    prompt: text(step.text),
    choices: labels.map((label) => ({ label })),
  };
}

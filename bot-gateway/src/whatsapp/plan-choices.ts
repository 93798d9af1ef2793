import type { Choice } from '../channels/types';

// https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages
// https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-list-messages
export const WHATSAPP_LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  interactiveBody: 1024,
  textBody: 4096,
  listButton: 20,
} as const;

export type ChoicePresentation = 'none' | 'buttons' | 'list' | 'numbered-text';

/** Buttons when they fit, else a list when it fits, else numbered text: never a truncated label. */
export function planChoices(text: string, choices: Choice[] | undefined): ChoicePresentation {
  if (!choices || choices.length === 0) return 'none';
  if (text.length === 0 || text.length > WHATSAPP_LIMITS.interactiveBody) return 'numbered-text';
  const fitsButtons =
    choices.length <= WHATSAPP_LIMITS.buttons &&
    choices.every((choice) => choice.label.length <= WHATSAPP_LIMITS.buttonTitle && choice.description === undefined);
  if (fitsButtons) return 'buttons';
  const fitsList =
    choices.length <= WHATSAPP_LIMITS.listRows &&
    choices.every(
      (choice) =>
        choice.label.length <= WHATSAPP_LIMITS.rowTitle &&
        (choice.description ?? '').length <= WHATSAPP_LIMITS.rowDescription,
    );
  return fitsList ? 'list' : 'numbered-text';
}

/** The list's button label: the content's own, else a bilingual default that fits 20 characters. */
export function listButtonLabel(label: string | undefined): string {
  const chosen = label && label.length <= WHATSAPP_LIMITS.listButton ? label : 'Choisir / Choose';
  return chosen;
}

import { z } from 'zod';
import type { Choice, OutboundContent } from '../channels/types';
import type {
  ConversationHandler,
  ConversationLanguage,
  ConversationMessage,
  ConversationState,
} from './conversation-handler';

const stateSchema = z.object({
  lang: z.enum(['fr', 'en']).optional(),
  step: z.enum(['language', 'menu']).optional(),
});

const MENU: Record<
  ConversationLanguage,
  { title: string; choices: Choice[]; soon: (label: string) => string; unknown: string }
> = {
  fr: {
    title: 'MedLink - Menu principal',
    choices: [
      { id: 'triage', label: 'Évaluer mes symptômes' },
      { id: 'facilities', label: 'Trouver un centre' },
      { id: 'book', label: 'Prendre rendez-vous' },
      { id: 'appointments', label: 'Mes rendez-vous' },
      { id: 'doctor', label: 'Parler à un médecin' },
      { id: 'language', label: 'Changer de langue' },
    ],
    soon: (label) => `Vous avez choisi « ${label} ». Ce service arrive bientôt. Merci d'utiliser MedLink.`,
    unknown: 'Choix non reconnu. Répondez avec un numéro.',
  },
  en: {
    title: 'MedLink - Main menu',
    choices: [
      { id: 'triage', label: 'Check my symptoms' },
      { id: 'facilities', label: 'Find a health centre' },
      { id: 'book', label: 'Book an appointment' },
      { id: 'appointments', label: 'My appointments' },
      { id: 'doctor', label: 'Talk to a doctor' },
      { id: 'language', label: 'Change language' },
    ],
    soon: (label) => `You chose "${label}". This service is coming soon. Thank you for using MedLink.`,
    unknown: 'Choice not recognised. Reply with a number.',
  },
};

const LANGUAGE_PROMPT: OutboundContent = {
  text: 'MedLink: choisissez votre langue / choose your language',
  choices: [
    { id: 'lang-fr', label: 'Français' },
    { id: 'lang-en', label: 'English' },
  ],
};

/**
 * A small stand-in until the flow engine is plugged in: language choice, then a main menu whose
 * items answer "coming soon" (fr/en). It exercises the whole path: inbox, state, outbox, channel rules.
 */
export function createBuiltInHandler(): ConversationHandler {
  return {
    async handle(message, context) {
      const parsed = stateSchema.safeParse(context.state ?? {});
      const state = parsed.success ? parsed.data : {};
      if (!state.step || !state.lang) return chooseLanguage(message, state);
      if (state.step === 'language') return chooseLanguage(message, state);
      return answerMenu(message, state.lang);
    },
  };
}

function chooseLanguage(message: ConversationMessage, state: z.infer<typeof stateSchema>) {
  const picked = state.step === 'language' ? pickChoice(message, LANGUAGE_PROMPT.choices ?? []) : undefined;
  if (!picked) return { outputs: [LANGUAGE_PROMPT], state: { step: 'language' } satisfies ConversationState };
  const lang: ConversationLanguage = picked.id === 'lang-en' ? 'en' : 'fr';
  return { outputs: [menu(lang)], state: { lang, step: 'menu' } };
}

function answerMenu(message: ConversationMessage, lang: ConversationLanguage) {
  const texts = MENU[lang];
  if (message.text.trim() === '' && !message.replyId) return { outputs: [menu(lang)], state: { lang, step: 'menu' } };
  const picked = pickChoice(message, texts.choices);
  if (picked?.id === 'language') return { outputs: [LANGUAGE_PROMPT], state: { lang, step: 'language' } };
  if (!picked) return { outputs: [menu(lang, texts.unknown)], state: { lang, step: 'menu' } };
  const soon = texts.soon(picked.label);
  const outputs: OutboundContent[] = message.kind === 'ussd' ? [{ text: soon, endsSession: true }] : [menu(lang, soon)];
  return { outputs, state: { lang, step: 'menu' } };
}

function menu(lang: ConversationLanguage, before?: string): OutboundContent {
  const texts = MENU[lang];
  return {
    text: before ? `${before}\n${texts.title}` : texts.title,
    choices: texts.choices,
    choicesLabel: lang === 'fr' ? 'Menu' : 'Menu',
  };
}

/** A button/list id, the option's number, or its label (case and accents ignored). */
function pickChoice(message: ConversationMessage, choices: Choice[]): Choice | undefined {
  if (message.replyId) {
    const byId = choices.find((choice) => choice.id === message.replyId);
    if (byId) return byId;
  }
  const answer = normalise(message.text);
  if (answer === '') return undefined;
  const index = /^\d{1,2}$/.test(answer) ? Number(answer) - 1 : -1;
  return (
    choices[index] ??
    choices.find(
      (choice) =>
        normalise(choice.label) === answer || (normalise(choice.label).startsWith(answer) && answer.length >= 3),
    )
  );
}

function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/** Texts the engine and the USSD pager use on their own; every language file must have them. */
export const SYSTEM_MESSAGE_KEYS = [
  'system.yes',
  'system.no',
  'system.invalid_choice',
  'system.invalid_yesno',
  'system.invalid_text',
  'system.invalid_number',
  'system.invalid_location',
  'system.too_many_invalid',
  'system.resume_prompt',
  'system.resume_continue',
  'system.resume_restart',
  'system.error',
  'ussd.more',
  'ussd.back',
] as const;

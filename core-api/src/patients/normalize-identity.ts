import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type IdentityKind = 'phone' | 'whatsapp';

export interface Identity {
  kind: IdentityKind;
  address: string;
}

/**
 * The stored form of an address: a phone is E.164 (`+22790123456`); a WhatsApp id is the same number
 * as WhatsApp writes it, digits without `+` (`22790123456`). Accepts `whatsapp:` prefixes, spaces and
 * dashes. Answers undefined for anything that is not a valid number (full metadata, not just length).
 */
export function normalizeIdentity(kind: IdentityKind, address: string): Identity | undefined {
  const trimmed = address.trim().replace(/^whatsapp:/i, '');
  const withPlus = kind === 'whatsapp' && /^\d/.test(trimmed) ? `+${trimmed}` : trimmed;
  if (!withPlus.startsWith('+')) return undefined;
  const parsed = parsePhoneNumberFromString(withPlus);
  if (!parsed?.isValid()) return undefined;
  return { kind, address: kind === 'phone' ? parsed.number : parsed.number.slice(1) };
}

/** Every spelling under which the gateway may have logged this identity's messages. */
export function addressSpellings(identity: Identity): string[] {
  const digits = identity.address.replace(/^\+/, '');
  return [digits, `+${digits}`, `whatsapp:+${digits}`];
}

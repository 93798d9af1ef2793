import type { ActionInput, ActionName, ActionOutput } from '@medlink/flows/engine/action-contracts';
import type { ChannelId, IdentityKind } from '../channels/types';
import type { CoreApiClient } from './core-api-client';

/** What core-api said about the patient behind a channel identity, cached between conversations. */
export interface KnownPatient {
  patientId: string;
  preferredLanguage: 'fr' | 'en';
  consentVersion: string | null;
  optedOut: boolean;
  /** Where the patient is, when core-api knows it (a position recorded with them). */
  near?: { lat: number; lon: number };
}

/** Everything one action call may use; the patient is resolved (and cached) only when an action needs it. */
export interface ActionContext {
  api: CoreApiClient;
  channel: ChannelId;
  identityKind: IdentityKind;
  contactAddress: string;
  /** Where messages the patient did not answer inline go: the channel itself, or SMS for a USSD patient. */
  pushChannel: ChannelId | undefined;
  now: Date;
  patient(): Promise<KnownPatient>;
  /** After an erasure: the next conversation starts from nothing. */
  forgetPatient(): Promise<void>;
  /**
   * Runs `work` once the conversation step is committed (SMS/WhatsApp hold the inbound row locked until
   * then); on USSD, which holds no lock, at once.
   */
  afterCommit(work: () => Promise<void>): Promise<void>;
  /** Appointment reminders to schedule once a booking or a move is committed. */
  onAppointmentChanged(appointmentId: string): void;
}

export type FlowAction<Name extends ActionName> = (
  input: ActionInput<Name>,
  context: ActionContext,
) => Promise<ActionOutput<Name>>;

/** A short reference a patient can read out on the phone: the first 8 characters of the id. */
export function toReference(id: string): string {
  return `ML-${id.replaceAll('-', '').slice(0, 6).toUpperCase()}`;
}

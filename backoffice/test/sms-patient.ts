import { z } from 'zod';
import { textOf } from '../../bot-gateway/test/journeys/journey-screens';

export const SMS_CHANNEL = 'africastalking-sms';

const receivedSchema = z.array(z.object({ text: z.string().nullable().optional() }));

export interface SmsPatient {
  phone: string;
  /** Every text the patient's phone has received on this channel, oldest first. */
  received(): Promise<string[]>;
  /** The patient's message, signed and delivered to the gateway's webhook by the provider simulator. */
  post(text: string): Promise<void>;
  /** Posts, then waits until a reply containing `expected` reaches the patient's phone; returns every new reply. */
  send(text: string, expected: string): Promise<string>;
}

/** A patient on a basic phone, writing over Africa's Talking SMS through the simulator (POST /api/inbound). */
export function smsPatient(simulatorUrl: string, phone: string): SmsPatient {
  const received = async () => {
    const response = await fetch(`${simulatorUrl}/api/received?to=${encodeURIComponent(phone)}&channel=${SMS_CHANNEL}`);
    return receivedSchema.parse(await response.json()).map((message) => message.text ?? '');
  };
  const post = async (text: string) => {
    const response = await fetch(`${simulatorUrl}/api/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: SMS_CHANNEL, from: phone, text }),
    });
    if (!response.ok) throw new Error(`the simulator refused the message: ${response.status} ${await response.text()}`);
    const delivery = z.object({ deliveries: z.array(z.object({ status: z.number() })) }).parse(await response.json());
    const refused = delivery.deliveries.find((entry) => entry.status >= 300);
    if (refused) throw new Error(`the gateway's webhook answered ${refused.status}`);
  };
  return {
    phone,
    received,
    post,
    async send(text, expected) {
      const before = (await received()).length;
      await post(text);
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const replies = (await received()).slice(before);
        if (replies.some((reply) => reply.includes(expected))) return replies.join('\n');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `no reply containing "${expected}" after "${text}": ${(await received()).slice(before).join(' | ')}`,
      );
    },
  };
}

/** First contact in French, consent, then "ask a doctor" from the menu and the question itself. */
export async function askDoctorOverSms(patient: SmsPatient, question: string): Promise<void> {
  await patient.send('Bonjour', '1. Français');
  await patient.send('1', textOf('fr', 'first_contact.consent'));
  await patient.send('oui', textOf('fr', 'menu.prompt'));
  await patient.send('4', textOf('fr', 'doctor.ask_question'));
  await patient.send(question, textOf('fr', 'doctor.keep_writing'));
}

/** A fresh Kenyan mobile number (+254 71x: a valid range, which core-api checks), so every run is a first contact. */
export function freshPhone(): string {
  return `+25471${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

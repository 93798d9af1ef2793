import { renderMetaWhatsapp } from '../channels/meta-whatsapp/render';
import { renderTwilioWhatsapp } from '../channels/twilio-whatsapp/render';
import type { Choice, OutboundContent } from '../channels/types';
import { canReplyFreely, planWhatsappDelivery } from './customer-service-window';
import { planChoices } from './plan-choices';

const NOW = new Date('2026-11-26T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3600_000);
const options = (count: number, length = 10, description?: string): Choice[] =>
  Array.from({ length: count }, (_, index) => ({
    id: `c${index}`,
    label: `${index}`.padEnd(length, 'x'),
    ...(description ? { description } : {}),
  }));

describe('canReplyFreely (the 24-hour customer-service window)', () => {
  test.each([
    { name: 'no inbound message ever', last: undefined, expected: false },
    { name: 'a message a minute ago', last: hoursAgo(1 / 60), expected: true },
    { name: 'a message 23h59 ago', last: hoursAgo(23.99), expected: true },
    { name: 'exactly 24 h ago', last: hoursAgo(24), expected: false },
    { name: 'two days ago', last: hoursAgo(48), expected: false },
  ])('$name → $expected', ({ last, expected }) => {
    expect(canReplyFreely(last, NOW)).toBe(expected);
  });

  test('outside the window: the template when there is one, else SMS to the phone identity, else nothing', () => {
    const content: OutboundContent = { text: 'Votre rendez-vous est demain à 9h' };
    const template = {
      ...content,
      template: { name: 'appointment_reminder', language: 'fr', parameters: ['demain 9h'] },
    };
    expect(planWhatsappDelivery({ content, lastInboundAt: hoursAgo(2), now: NOW })).toEqual({
      via: 'whatsapp',
      content,
    });
    expect(
      planWhatsappDelivery({ content: template, lastInboundAt: hoursAgo(30), now: NOW, phone: '+2250700000001' }).via,
    ).toBe('whatsapp-template');
    expect(planWhatsappDelivery({ content, lastInboundAt: hoursAgo(30), now: NOW, phone: '+2250700000001' })).toEqual({
      via: 'sms',
      content: { text: content.text, choices: undefined },
      phone: '+2250700000001',
    });
    expect(planWhatsappDelivery({ content, lastInboundAt: undefined, now: NOW }).via).toBe('none');
  });
});

describe('WhatsApp choices', () => {
  test.each([
    { name: 'no choices', choices: undefined, expected: 'none' },
    { name: '3 short choices', choices: options(3, 20), expected: 'buttons' },
    { name: '4 choices', choices: options(4), expected: 'list' },
    { name: 'a button title over 20 characters', choices: options(2, 21), expected: 'list' },
    { name: '10 rows of 24 characters', choices: options(10, 24), expected: 'list' },
    { name: '11 rows', choices: options(11), expected: 'numbered-text' },
    { name: 'a row title over 24 characters', choices: options(5, 25), expected: 'numbered-text' },
    { name: 'a description over 72 characters', choices: options(5, 10, 'd'.repeat(73)), expected: 'numbered-text' },
  ])('$name → $expected', ({ choices, expected }) => {
    expect(planChoices('Choisissez', choices)).toBe(expected);
  });

  test('Meta: buttons, a list, numbered text and a template in the Cloud API shape', () => {
    expect(
      renderMetaWhatsapp(
        {
          text: 'Langue ?',
          choices: [
            { id: 'lang-fr', label: 'Français' },
            { id: 'lang-en', label: 'English' },
          ],
        },
        '233200000003',
      ),
    ).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '233200000003',
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Langue ?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'lang-fr', title: 'Français' } },
              { type: 'reply', reply: { id: 'lang-en', title: 'English' } },
            ],
          },
        },
      },
    ]);
    const [list] = renderMetaWhatsapp({ text: 'Menu', choices: options(6), choicesLabel: 'Menu' }, '233200000003');
    expect(list).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list',
        action: { button: 'Menu', sections: [{ rows: expect.arrayContaining([{ id: 'c0', title: '0xxxxxxxxx' }]) }] },
      },
    });
    const [text] = renderMetaWhatsapp({ text: 'Menu', choices: options(11) }, '233200000003');
    expect(text).toMatchObject({ type: 'text', text: { body: expect.stringMatching(/^Menu\n1\. 0x+\n/) } });
    const [template] = renderMetaWhatsapp(
      { text: '', template: { name: 'appointment_reminder', language: 'fr', parameters: ['demain 9h'] } },
      '233200000003',
    );
    expect(template).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '233200000003',
      type: 'template',
      template: {
        name: 'appointment_reminder',
        language: { code: 'fr' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'demain 9h' }] }],
      },
    });
  });

  test('Twilio: quick-reply and list-picker definitions for the Content API, numbered text beyond, ContentSid for templates', () => {
    const from = 'whatsapp:+14155238886';
    expect(renderTwilioWhatsapp({ text: 'Langue ?', choices: options(2) }, '2250700000002', from)).toEqual([
      {
        To: 'whatsapp:+2250700000002',
        From: from,
        content: {
          type: 'twilio/quick-reply',
          language: 'fr',
          body: 'Langue ?',
          actions: [
            { id: 'c0', title: '0xxxxxxxxx' },
            { id: 'c1', title: '1xxxxxxxxx' },
          ],
        },
      },
    ]);
    expect(renderTwilioWhatsapp({ text: 'Menu', choices: options(6) }, '2250700000002', from)[0]?.content?.type).toBe(
      'twilio/list-picker',
    );
    expect(renderTwilioWhatsapp({ text: 'Menu', choices: options(12) }, '2250700000002', from)[0]?.Body).toMatch(
      /^Menu\n1\. /,
    );
    expect(
      renderTwilioWhatsapp(
        { text: '', template: { name: 'HX0123', language: 'fr', parameters: ['a', 'b'] } },
        '2250700000002',
        from,
      ),
    ).toEqual([
      { To: 'whatsapp:+2250700000002', From: from, ContentSid: 'HX0123', ContentVariables: '{"1":"a","2":"b"}' },
    ]);
  });
});

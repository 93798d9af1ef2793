import type { DeliveryStatus, MessageRowStatus } from '../channels/types';
import { isForwardStatus } from './is-forward-status';

describe('isForwardStatus', () => {
  const cases: [MessageRowStatus, DeliveryStatus, boolean][] = [
    ['queued', 'sent', true],
    ['sending', 'sent', true],
    ['sending', 'queued', false],
    ['sent', 'delivered', true],
    ['sent', 'read', true],
    ['delivered', 'read', true],
    ['delivered', 'sent', false],
    ['read', 'delivered', false],
    ['read', 'sent', false],
    ['sent', 'sent', false],
    ['sent', 'failed', true],
    ['sending', 'failed', true],
    ['delivered', 'failed', false],
    ['read', 'failed', false],
    ['failed', 'sent', false],
    ['failed', 'delivered', true],
    ['failed', 'read', true],
    ['dead', 'delivered', true],
    ['dead', 'sent', false],
    ['received', 'delivered', false],
  ];
  test.each(cases)('%s → %s: %s', (from, to, expected) => {
    expect(isForwardStatus(from, to)).toBe(expected);
  });
});

import { toJsonbText, withoutNul } from './postgres-text';

describe('text PostgreSQL can store', () => {
  it('drops U+0000 from a text and leaves every other character', () => {
    expect(withoutNul('a\u0000b\u0000')).toBe('ab');
    expect(withoutNul('é 😀 \\u0000')).toBe('é 😀 \\u0000');
  });

  it('writes JSON whose strings, at any depth, hold no U+0000, and leaves other JSON as JSON.stringify writes it', () => {
    expect(toJsonbText({ a: ['x\u0000y', { b: '\u0000' }], n: 1 })).toBe('{"a":["xy",{"b":""}],"n":1}');
    const typedBackslash = { text: 'a typed \\u0000 stays' };
    expect(toJsonbText(typedBackslash)).toBe(JSON.stringify(typedBackslash));
  });
});

import { describe, expect, it } from 'vitest';
import { header } from '../support/snapshot-header.js';
import { PIN_CHARS, cleanUpTokenization, compareDecodePins, pinOf, samePinned } from '../../src/core/drift/decode.js';
import { parseSnapshot } from '../../src/core/snapshot/snapshot-index.js';
import { serializeSnapshot } from '../../src/core/snapshot/serialize.js';
import { SnapshotFormatError } from '../../src/core/snapshot/format.js';

describe('decode drift, one class per cause', () => {
  const base = [pinOf('punct', '<s> hello , world !', 'hello , world !'), pinOf('added-tokens', '<s> <s> </s>', '')];

  it('same decodes: nothing', () => {
    expect(
      compareDecodePins(
        base,
        base.map((p) => ({ ...p })),
      ),
    ).toEqual([]);
  });

  it('only the skip_special_tokens decode differs: special-flag', () => {
    const after = [base[0]!, pinOf('added-tokens', '<s> <s> </s>', '</s>')];
    expect(compareDecodePins(base, after)).toEqual([
      { name: 'added-tokens', class: 'special-flag', skipSpecialTokens: true, before: '', after: '</s>' },
    ]);
  });

  it('decodes equal after transformers’ clean-up: cleanup', () => {
    const after = [pinOf('punct', '<s> hello, world!', 'hello, world!'), base[1]!];
    expect(compareDecodePins(base, after)).toEqual([
      {
        name: 'punct',
        class: 'cleanup',
        skipSpecialTokens: false,
        before: '<s> hello , world !',
        after: '<s> hello, world!',
      },
    ]);
  });

  it('any other change: decoder; a pin only one side has is not compared', () => {
    const after = [pinOf('punct', '<s>hello,world!', 'hello,world!'), pinOf('new-canary', 'x', 'x')];
    expect(compareDecodePins(base, after).map((d) => [d.name, d.class])).toEqual([['punct', 'decoder']]);
  });

  it('long decodes are kept as hashes and still compared; hashed ones cannot be cleanup', () => {
    const long = `a ${'b . '.repeat(PIN_CHARS)}`;
    const before = [pinOf('long', long, long)];
    expect('sha256' in before[0]!.plain).toBe(true);
    expect(samePinned(before[0]!.plain, pinOf('long', long, long).plain)).toBe(true);
    const after = [pinOf('long', cleanUpTokenization(long), cleanUpTokenization(long))];
    expect(compareDecodePins(before, after)).toEqual([
      expect.objectContaining({ class: 'decoder', before: expect.stringMatching(/^sha256:[0-9a-f]{16}$/) }),
    ]);
  });

  it('clean-up is transformers’ list of replacements', () => {
    expect(cleanUpTokenization("I 'm here , do n't you ' see ? yes !")).toBe("I'm here, don't you'see? yes!");
  });
});

describe('decode pins in the snapshot header', () => {
  const decodePins = [
    pinOf('hello', '<s> Hello world', 'Hello world'),
    pinOf('zero-width', 'a\u200bb\ufeff', 'a\u200bb\ufeff'),
    pinOf('added-tokens', 'x'.repeat(PIN_CHARS + 1), ''),
  ];

  it('round-trip: a decoded: line each, decoded-skip: only where that decode differs, invisibles escaped', () => {
    const text = serializeSnapshot({ header: header({ decodePins }), entries: [] });
    expect(text).toContain('\ndecoded: hello "<s> Hello world"\ndecoded-skip: hello "Hello world"\n');
    expect(text).toContain('\ndecoded: zero-width "a\\u200bb\\ufeff"\n');
    expect(text).not.toContain('decoded-skip: zero-width');
    expect(text).toMatch(/\ndecoded: added-tokens sha256:[0-9a-f]{16}\ndecoded-skip: added-tokens ""\n/);
    expect(parseSnapshot(text).header.decodePins).toEqual(decodePins);
  });

  it('a header without them (formats 1 and 2) reads as before', () => {
    const text = serializeSnapshot({ header: header(), entries: [] }).replace(
      'tokpeek-snapshot: 3',
      'tokpeek-snapshot: 2',
    );
    expect(parseSnapshot(text).header.decodePins).toBeUndefined();
  });

  it('damaged pins name their line', () => {
    const text = serializeSnapshot({ header: header({ decodePins }), entries: [] });
    const lineOf = (t: string, s: string) => t.slice(0, t.indexOf(s)).split('\n').length;
    for (const [from, to] of [
      ['decoded: hello "<s> Hello world"', 'decoded: hello "<s> Hello'],
      ['decoded: hello "<s> Hello world"', 'decoded: "hello"'],
      ['decoded-skip: hello', 'decoded-skip: nobody'],
    ] as const) {
      const damaged = text.replace(from, to);
      expect(() => parseSnapshot(damaged)).toThrow(SnapshotFormatError);
      try {
        parseSnapshot(damaged);
      } catch (e) {
        expect((e as SnapshotFormatError).line).toBe(lineOf(damaged, to));
      }
    }
  });
});

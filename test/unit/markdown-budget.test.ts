import { describe, expect, it } from 'vitest';
import { fitMarkdown } from '../../src/render/markdown-budget.js';

describe('markdown bounded by bytes', () => {
  it('keeps everything that fits, unchanged', () => {
    expect(fitMarkdown(['# a', 'b', 'c'], 10_000, 'hint')).toBe('# a\nb\nc');
  });

  it('leaves out whole blocks that would pass the budget and says how much, under the budget', () => {
    const big = `<details>\n\n\`\`\`diff\n${'x'.repeat(3000)}\n\`\`\`\n\n</details>`;
    const blocks = ['# head', big, 'small one', big, 'last'];
    const text = fitMarkdown(blocks, 3000, 'Run it locally.');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(3000);
    expect(text).toContain('# head\nsmall one\nlast');
    expect(text).not.toContain('xxx'); // no block cut in the middle of its fence
    expect(text).toMatch(
      /> ✂ 2 of 5 parts \(\d+ kB\) left out to stay under 3 kB \(GitHub refuses a step summary over 1 MiB\)\. Run it locally\.\n$/,
    );
  });

  it('counts bytes, not characters', () => {
    const text = fitMarkdown(['😀'.repeat(200), 'ok'], 1300, 'h');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1300);
    expect(text.startsWith('😀'.repeat(200))).toBe(true);
    expect(fitMarkdown(['😀'.repeat(200)], 700, 'h')).toMatch(/^\n*> ✂ 1 of 1 parts/);
  });

  it('joins with the separator asked for', () => {
    expect(fitMarkdown(['a', 'b'], 1000, 'h', '\n\n')).toBe('a\n\nb');
  });
});

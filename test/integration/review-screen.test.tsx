// Review mode rendered with ink-testing-library over a real suite with pending changes; the
// decisions go through the real snapshot store and are checked in the files.
import fs from 'node:fs';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PendingChange } from '../../src/core/snapshot/pending-changes.js';
import { acceptPending, listPending, rejectPending } from '../../src/snapshot/store.js';
import { ReviewApp } from '../../src/ui/review/review-app.js';
import { tokenizerExplanations } from '../../src/commands/review-data.js';
import type { ReviewState } from '../../src/ui/review/review-state.js';
import { REVIEW_KEYS } from '../../src/ui/key-map.js';
import { THEMES, ThemeContext } from '../../src/ui/theme.js';
import { inkFrames } from '../support/ink-frames.js';
import { idsOf, pendingSuite } from '../support/pending-suite.js';

describe('review screen', () => {
  let suite: Awaited<ReturnType<typeof pendingSuite>>;
  let app: ReturnType<typeof render> | undefined;
  beforeEach(async () => {
    suite = await pendingSuite();
  });
  afterEach(() => {
    app?.unmount();
    fs.rmSync(suite.dir, { recursive: true, force: true });
  });

  async function open() {
    const changes = listPending(suite.dir);
    let final: ReviewState | undefined;
    const decide = (chosen: PendingChange[], d: 'accepted' | 'rejected') =>
      void (d === 'accepted' ? acceptPending(chosen) : rejectPending(chosen));
    app = render(
      <ThemeContext.Provider value={THEMES.dark}>
        <ReviewApp changes={changes} decide={decide} onQuit={(s) => (final = s)} explain={tokenizerExplanations()} />
      </ThemeContext.Provider>,
    );
    const { frame, raw, waitFor, press } = inkFrames(app);
    return { changes, frame, raw, waitFor, press, final: () => final };
  }

  it('shows each change with its metadata, drift class, and old and new tokenizations', async () => {
    const s = await open();
    expect(s.changes).toHaveLength(4);
    await s.waitFor('Reviewing 1/4');
    const f = s.frame();
    const first = s.changes[0]!;
    expect(f).toContain(`Reviewing 1/4 │ ${first.id} │ changed │ pending`);
    expect(f).toContain('drift: special tokens added/removed');
    expect(f).toMatch(/5 → 6 tokens/);
    // What changed, as `check` says it: the tokenizer files, then the tokens.
    expect(f).toMatch(/tokenizer changed: .*post_processor/);
    expect(f).toContain('change 1 of 1 at token 1 → 1: ∅ → [⟦+<|begin_of_text|>⟧]');
    expect(f).toContain('old (snapshot) · 5 tokens · 0 not in new');
    expect(f).toContain('new (pending) · 6 tokens · 1 not in old');
    expect(f).toContain('⟦+<|begin_of_text|>⟧unbelievable·tokenization');
    // The inserted token is highlighted as added (green background, underlined).
    expect(s.raw()).toMatch(/48;5;22(?:[0-9;]*m|m\x1b\[[0-9;]*m)*⟦\+<\|begin_of_text\|>⟧/);
  });

  it('accepts into the snapshot file, rejects out of the pending file, skips, and leaves the rest pending on q', async () => {
    const s = await open();
    await s.waitFor('Reviewing 1/4');
    const [accepted, rejected, skipped] = s.changes;
    expect(idsOf(suite.snap, accepted!.text)).not.toContain('128000');
    await s.press('a');
    await s.waitFor('Reviewing 2/4');
    expect(idsOf(suite.snap, accepted!.text)).toMatch(/^ids: 128000 /);
    await s.press('r');
    await s.waitFor('Reviewing 3/4');
    expect(idsOf(suite.pending, rejected!.text)).not.toContain('128000');
    await s.press('s');
    await s.waitFor('Reviewing 4/4');
    await s.press('\x1b[D');
    await s.waitFor('Reviewing 3/4');
    expect(s.frame()).toContain(`${skipped!.id} │ ${skipped!.kind} │ pending`);
    await s.press('\x1b[D');
    await s.waitFor('already rejected (written)');
    app!.stdin.write('q');
    await s.waitFor(() => s.final() !== undefined, 'the screen to quit');
    expect(s.final()?.decisions.size).toBe(2);
    const left = listPending(suite.dir).map((c) => c.id);
    expect(left).toEqual([s.changes[2]!.id, s.changes[3]!.id]);
  });

  it('A accepts every remaining change and ends on the summary; ? lists every key', async () => {
    const s = await open();
    await s.waitFor('Reviewing 1/4');
    await s.press('?');
    await s.waitFor('keys — ');
    for (const section of REVIEW_KEYS) for (const k of section.keys) expect(s.frame()).toContain(k.help);
    await s.press('x');
    await s.press('s', 'A');
    await s.waitFor('Reviewed 4 changes: 3 accepted, 0 rejected, 1 left pending.');
    expect(listPending(suite.dir).map((c) => c.id)).toEqual([s.changes[0]!.id]);
  });
});

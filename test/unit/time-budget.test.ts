import { describe, expect, it } from 'vitest';
import { ChatTemplateTimeout, renderWithinBudget, templateTimeoutHint } from '../../src/time-budget.js';

describe('chat templates under the per-sample budget', () => {
  const looping = {
    render: () => {
      for (;;) {}
    },
  };

  it('stops a template that never ends at the budget, as a template error naming the budget', () => {
    const t0 = performance.now();
    let error: unknown;
    try {
      renderWithinBudget(looping, { kind: 'messages', messages: [] }, { TOKPEEK_SAMPLE_BUDGET_MS: '200' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChatTemplateTimeout);
    expect((error as Error).message).toBe('the chat template ran longer than 0.2 s on this record, so it was stopped');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('passes a template that finishes through', () => {
    const rendered = { text: 'hi', spans: [] };
    expect(renderWithinBudget({ render: () => rendered as never }, { kind: 'messages', messages: [] }, {})).toBe(
      rendered,
    );
  });

  it('hints at the template and its budget, not at the shape or field', () => {
    const hint = templateTimeoutHint(1500);
    expect(hint).toMatch(/template that loops/);
    expect(hint).toMatch(/1\.5 s a record; TOKPEEK_SAMPLE_BUDGET_MS/);
    expect(hint).toMatch(/--chat-template FILE\.jinja/);
    expect(hint).not.toMatch(/--shape|--field|pre-tokenizer|regex/);
  });
});

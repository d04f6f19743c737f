import { colorEnabled } from '../io.js';
import type { DriftReport } from '../core/snapshot/report.js';
import { readSuite } from '../snapshot/config-file.js';
import { planSuite } from '../snapshot/suite-plan.js';
import { REPORT_FORMATS, rendererFor } from '../render/drift-report.js';
import { ciPolicy, refuseInCi } from '../ci-policy.js';
import { defineCommand } from './definition.js';
import { SUITE_OPTIONS, colorOption, formatOption, limitOption } from './option-groups.js';
import { checkExpected } from './check-expected.js';
import type { CheckSettings } from './check-subject.js';
import { checkSuite } from './check-suite.js';
import { sortBudget } from '../snapshot/sorted-runs.js';

export const check = defineCommand({
  name: 'check',
  usage: [
    'check [-c FILE] [-t NAME]... [--corpus NAME]... [options]',
    'check --expected FILE [-t NAME|SPEC] [options]',
  ],
  description: `Tokenizes the suite's corpora again and compares every sample with its snapshot.`,
  options: {
    ...SUITE_OPTIONS,
    update: { type: 'boolean', short: 'u', help: 'write the new results into the snapshots (not in CI)' },
    prune: { type: 'boolean', help: 'remove obsolete samples and snapshot files (not in CI)' },
    strict: {
      type: 'boolean',
      help: 'also fail on warnings (canary strings tokenized differently, tokenizer_config flags that only Python transformers honours)',
    },
    expected: {
      type: 'string',
      value: 'FILE',
      complete: 'file',
      help: 'compare with ids produced elsewhere: JSONL {"text","ids"} records, or llama.cpp\'s FILE.inp/FILE.out golden pair (give either file)',
    },
    format: { ...formatOption(REPORT_FORMATS), help: 'text (coloured on a terminal), markdown, json, junit' },
    limit: limitOption,
    color: colorOption,
  },
  epilogue: `Exit codes: 0 everything matches, 1 drift or missing/obsolete snapshots, 2 bad usage or input, 3 an engine could not run a tokenizer (reported as one finding; the others were checked).

Outside CI, drifted and new samples are written to <corpus>.snap.new beside the snapshot:
review them with \`tokpeek review\` (in a terminal) or \`tokpeek pending\`, then \`tokpeek accept\` or \`tokpeek reject\`.`,
  run: async ({ values }, io) => {
    const render = rendererFor(values.format);
    render.catch(() => {}); // awaited below; only a failed import could reject
    const policy = ciPolicy(io.env, values.ci);
    const ci = policy.ci;
    if (values.update || values.prune)
      refuseInCi(policy, `check ${values.update ? '--update' : '--prune'} writes snapshots`, 'tokpeek check --update');
    const settings: CheckSettings = {
      ci,
      update: Boolean(values.update),
      prune: Boolean(values.prune),
      strict: Boolean(values.strict),
      limit: values.limit,
      workers: values.workers,
      maxLineBytes: values['max-line-bytes'],
      sortBudget: sortBudget(io.env),
    };
    const engine = values.engine;
    const color = values.color ?? colorEnabled(io);
    let report: DriftReport;
    if (values.expected !== undefined) {
      report = await checkExpected(values.expected, values.tokenizer, values.config, engine, settings, io);
    } else {
      const suite = readSuite(values.config, io.cwd);
      const selected = Boolean(values.tokenizer.length || values.corpus.length);
      report = await checkSuite(
        suite,
        planSuite(suite, values.tokenizer, values.corpus, engine),
        selected,
        settings,
        io,
      );
    }
    io.stdout.write((await render)(report, { color }));
    return report.exitCode;
  },
});

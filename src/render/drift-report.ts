// One entry point for the drift report's formats. Each format's module is imported only when
// that format is asked for (the text renderer pulls in string-width's tables), and the import
// starts when the format is known, so it loads while the workers load the tokenizer.

import type { DriftReport } from '../core/snapshot/report.js';

export const REPORT_FORMATS = ['text', 'markdown', 'json', 'junit'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `maxBytes` bounds markdown (see markdown-budget.ts); the other formats ignore it. */
type ReportRenderer = (report: DriftReport, opts: { color: boolean; maxBytes?: number }) => string;

export async function rendererFor(format: ReportFormat): Promise<ReportRenderer> {
  switch (format) {
    case 'markdown':
      return (await import('./drift-markdown.js')).renderDriftMarkdown;
    case 'json':
      return (await import('./drift-json.js')).renderDriftJson;
    case 'junit':
      return (await import('./drift-junit.js')).renderDriftJunit;
    default:
      return (await import('./drift-text.js')).renderDriftText;
  }
}

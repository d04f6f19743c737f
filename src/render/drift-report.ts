// One entry point for the drift report's formats.

import type { DriftReport } from '../core/snapshot/report.js';
import { UsageError } from '../errors.js';
import { renderDriftJson } from './drift-json.js';
import { renderDriftJunit } from './drift-junit.js';
import { renderDriftMarkdown } from './drift-markdown.js';
import { renderDriftText } from './drift-text.js';

export const REPORT_FORMATS = ['text', 'markdown', 'json', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function formatOf(value: string | undefined): ReportFormat {
  if (value === undefined) return 'text';
  if (value === 'md') return 'markdown';
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${value}"`);
}

export function renderReport(report: DriftReport, format: ReportFormat, opts: { color: boolean }): string {
  switch (format) {
    case 'markdown':
      return renderDriftMarkdown(report);
    case 'json':
      return renderDriftJson(report);
    case 'junit':
      return renderDriftJunit(report);
    default:
      return renderDriftText(report, opts);
  }
}

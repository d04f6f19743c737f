// The drift report as JSON (the report model itself, version-stamped). Invisible characters
// are \u-escaped, so printing the JSON cannot drive a terminal either.

import type { DriftReport } from '../core/snapshot/report.js';
import { jsonText } from './json-text.js';

export function renderDriftJson(report: DriftReport): string {
  return jsonText(report);
}

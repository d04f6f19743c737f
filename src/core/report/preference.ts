// What `report` counts in preference data (prompt/chosen/rejected): the lengths of the prompt
// alone and of each side, prompt+chosen and prompt+rejected, as a DPO-style trainer sees them
// (max_prompt_length and max_length act on these). Mergeable across shards.

import { type HistogramJson, LengthHistogram } from './histogram.js';

type PreferencePart = 'prompt' | 'chosen' | 'rejected';
const PREFERENCE_PARTS: readonly PreferencePart[] = ['prompt', 'chosen', 'rejected'];

export type PreferenceLengths = Record<PreferencePart, LengthHistogram>;
export type PreferenceJson = Record<PreferencePart, HistogramJson>;

export function newPreferenceLengths(): PreferenceLengths {
  return { prompt: new LengthHistogram(), chosen: new LengthHistogram(), rejected: new LengthHistogram() };
}

export function mergePreferenceLengths(into: PreferenceLengths, other: PreferenceLengths): void {
  for (const part of PREFERENCE_PARTS) into[part].merge(other[part]);
}

export function preferenceToJson(p: PreferenceLengths): PreferenceJson {
  return { prompt: p.prompt.toJSON(), chosen: p.chosen.toJSON(), rejected: p.rejected.toJSON() };
}

export function preferenceFromJson(json: PreferenceJson): PreferenceLengths {
  return {
    prompt: LengthHistogram.fromJSON(json.prompt),
    chosen: LengthHistogram.fromJSON(json.chosen),
    rejected: LengthHistogram.fromJSON(json.rejected),
  };
}

export interface LengthSummary {
  count: number;
  tokens: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export function lengthSummary(h: LengthHistogram): LengthSummary {
  return {
    count: h.count,
    tokens: h.sum,
    min: h.count ? h.min : null,
    mean: h.mean,
    p50: h.quantile(0.5),
    p95: h.quantile(0.95),
    max: h.count ? h.max : null,
  };
}

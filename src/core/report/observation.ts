// One tokenized sample as `report` hands it to the accumulator.

import type { ContentSpan } from '../chat/chat-record.js';
import type { Location } from './location.js';

export interface Observation {
  where: Location;
  /** The text that was tokenized (for chat records, the rendered conversation). */
  text: string;
  ids: ArrayLike<number>;
  /** True where the post-processor inserted the token. */
  inserted: ArrayLike<boolean>;
  /** UTF-16 offsets, present for chat samples. */
  offsets?: ReadonlyArray<readonly [number, number]>;
  /** For chat records: content spans and the assistant mask (1 = trainable). */
  chat?: { spans: ReadonlyArray<ContentSpan | null>; mask: Uint8Array; emptyAnswers: number };
  /** decode(encode(text)) differs from text: the first differing UTF-16 index. */
  roundtripDiff?: number;
  /** Which side of a preference pair the sample is (prompt+chosen, prompt+rejected). */
  variant?: 'chosen' | 'rejected';
}

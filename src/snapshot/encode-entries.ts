// What a snapshot records of an open tokenizer on a corpus: the header, and each sample's
// entry (ids and token spellings); offsets only for the few samples a report excerpts.

import type { RawEncoding } from '../core/token-model.js';
import type { SuiteCorpus } from '../core/config/suite-config.js';
import { CANARY_SET } from '../core/snapshot/canaries.js';
import type { CorpusFileHash, SnapshotEntry, SnapshotHeader } from '../core/snapshot/format.js';
import { packageVersion } from '../package-info.js';
import type { EncodedBatch } from '../tokenizers/encode-stream.js';
import type { ExpectedBlocks } from '../tokenizers/pool-protocol.js';
import type { KeyedSample } from './corpus-samples.js';
import { type OpenTokenizer, displaysOf } from './open-tokenizer.js';
import type { SnapshotFileIndex } from './snapshot-file.js';

export function headerFor(
  t: OpenTokenizer,
  corpus: Pick<SuiteCorpus, 'name' | 'chat'>,
  files: CorpusFileHash[],
  tokpeekVersion = packageVersion('tokpeek'),
): SnapshotHeader {
  const source = t.loaded.source;
  const c = t.config;
  return {
    tokpeek: tokpeekVersion,
    tokenizer: c.name,
    spec: c.spec,
    source: source.kind,
    ...(source.revision !== undefined ? { revision: source.revision } : {}),
    ...(source.commit !== undefined ? { commit: source.commit } : {}),
    fingerprint: t.loaded.fingerprint,
    files: t.fileHashes,
    engine: t.loaded.engine.name,
    engineVersion: t.engineVersion,
    ...(t.engineCopy !== undefined ? { engineCopy: t.engineCopy } : {}),
    options: {
      addSpecialTokens: c.addSpecialTokens,
      ...(c.maxLength !== undefined ? { maxLength: c.maxLength } : {}),
      truncationSide: c.truncationSide,
      ...(corpus.chat && c.chatTemplate !== undefined ? { chatTemplate: t.templateChoice() } : {}),
    },
    corpus: corpus.name,
    corpusFiles: files,
    behaviour: t.behaviour,
    canarySet: CANARY_SET,
    canaries: t.canaries,
    ...(t.decodePins ? { decodePins: t.decodePins } : {}),
    stages: t.digest.stages,
    sections: t.digest.sections,
    config: t.digest.config,
  };
}

/**
 * Encodes a corpus stream, in corpus order, batch by batch; `progress` hears of each batch.
 * `expectOf`: the blocks a batch's samples have in a snapshot, for the workers to compare (see
 * TokenizerPool.encode; an encoding that gives its block comes back `matched`, without ids).
 */
export async function* encodeEntries(
  t: OpenTokenizer,
  samples: AsyncIterable<KeyedSample>,
  progress?: { sample(position: number): void },
  expectOf?: (samples: readonly KeyedSample[]) => ExpectedBlocks | undefined,
): AsyncGenerator<EncodedBatch<KeyedSample>> {
  const optionsOf = (s: KeyedSample) => ({ addSpecialTokens: s.addSpecialTokens ?? t.config.addSpecialTokens });
  for await (const batch of t.pool.encodeStream(samples, (s) => s.text, optionsOf, expectOf)) {
    progress?.sample(batch.items[batch.items.length - 1]!.position);
    yield batch;
  }
}

/** Offsets of a few samples' tokens (for excerpts), each encoded as its stream encoded it. */
export async function offsetsOf(
  t: OpenTokenizer,
  samples: ReadonlyArray<Pick<KeyedSample, 'text' | 'addSpecialTokens'>>,
): Promise<Array<ReadonlyArray<readonly [number, number]>>> {
  const out = new Array<ReadonlyArray<readonly [number, number]>>(samples.length).fill([]);
  for (const add of [true, false]) {
    const at = samples.flatMap((s, i) => ((s.addSpecialTokens ?? t.config.addSpecialTokens) === add ? [i] : []));
    if (!at.length) continue;
    const encodings = await t.pool.encode(
      at.map((i) => samples[i]!.text),
      { offsets: true, addSpecialTokens: add },
    );
    at.forEach((i, k) => (out[i] = encodings[k]!.offsets ?? []));
  }
  return out;
}

export function entryOf(t: OpenTokenizer, sample: KeyedSample, encoding: RawEncoding): SnapshotEntry {
  return {
    key: sample.key,
    location: sample.location,
    ...(sample.record !== undefined ? { record: sample.record } : {}),
    text: sample.text,
    tokens: displaysOf(t, encoding),
    ids: encoding.ids,
  };
}

/**
 * The blocks `samples` have in a snapshot file (see ExpectedBlocks), or undefined when it holds
 * none of them; `byDigest`: with their ids digests, where the index has them (see ids-digest.ts).
 */
export function expectedBlocks(
  snapshot: Pick<SnapshotFileIndex, 'fd' | 'position' | 'spanAt' | 'idsDigests'>,
  samples: readonly KeyedSample[],
  byDigest = false,
): ExpectedBlocks | undefined {
  const spans = new Float64Array(2 * samples.length);
  const keys = new Array<string>(samples.length);
  const locations = new Array<string>(samples.length);
  const all = byDigest ? snapshot.idsDigests : undefined;
  const digests = all && new Uint32Array(2 * samples.length);
  let records: Array<string | undefined> | undefined;
  let any = false;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const at = snapshot.position(s.key);
    const span = snapshot.spanAt(at);
    spans[2 * i] = span?.[0] ?? 0;
    spans[2 * i + 1] = span?.[1] ?? -1;
    any ||= span !== undefined;
    if (digests && span) {
      digests[2 * i] = all![2 * at]!;
      digests[2 * i + 1] = all![2 * at + 1]!;
    }
    keys[i] = s.key;
    locations[i] = s.location;
    if (s.record !== undefined) (records ??= new Array(samples.length))[i] = s.record;
  }
  if (!any) return undefined;
  return { fd: snapshot.fd, spans, keys, locations, ...(records ? { records } : {}), ...(digests ? { digests } : {}) };
}

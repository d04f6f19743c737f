// Reference ids produced elsewhere (usually Python, where training happens):
// - JSONL: one {"text": ..., "ids": [...]} record per line ("input_ids" is accepted too), e.g.
//     tok = AutoTokenizer.from_pretrained("meta-llama/Llama-3.1-8B")
//     for t in texts: print(json.dumps({"text": t, "ids": tok(t)["input_ids"]}))
//   tokenized with the tokenizer's special tokens unless a record says "add_special_tokens": false.
// - llama.cpp's golden pair: FILE.inp holds the texts, each followed by a line
//   `__ggml_vocab_test__`; FILE.out holds one line of space-separated ids per text, made
//   without special tokens (tests/test-tokenizer-0.cpp).

export interface ExpectedRecord {
  text: string;
  ids: number[];
  addSpecialTokens?: boolean;
  /** 1-based line of the record (JSONL) or of the ids (.out). */
  line: number;
}

export class ExpectedFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly file?: string,
  ) {
    super(message);
  }
}

function idList(value: unknown, line: number): number[] {
  if (!Array.isArray(value)) throw new ExpectedFormatError(`"ids" must be a list of token ids`, line);
  for (const v of value)
    if (!Number.isInteger(v) || v < 0)
      throw new ExpectedFormatError(`"ids" holds ${JSON.stringify(v)}, not a token id`, line);
  return value as number[];
}

export function parseExpectedJsonl(content: string): ExpectedRecord[] {
  const out: ExpectedRecord[] = [];
  content.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() === '') return;
    let record: any;
    try {
      record = JSON.parse(l);
    } catch (e) {
      throw new ExpectedFormatError(`invalid JSON (${(e as Error).message})`, line);
    }
    if (!record || typeof record !== 'object' || Array.isArray(record))
      throw new ExpectedFormatError('a record must be an object {"text": ..., "ids": [...]}', line);
    if (typeof record.text !== 'string')
      throw new ExpectedFormatError(
        `no string "text" field (it has: ${Object.keys(record).join(', ') || 'nothing'})`,
        line,
      );
    const ids = idList(record.ids ?? record.input_ids, line);
    const r: ExpectedRecord = { text: record.text, ids, line };
    if (typeof record.add_special_tokens === 'boolean') r.addSpecialTokens = record.add_special_tokens;
    out.push(r);
  });
  if (out.length === 0) throw new ExpectedFormatError('no records', 1);
  return out;
}

const LLAMA_CPP_SEPARATOR = '\n__ggml_vocab_test__\n';

/** `inpName`/`outName` are only used in messages. */
export function parseLlamaCppPair(inp: string, out: string, outName = '.out'): ExpectedRecord[] {
  const texts: string[] = [];
  for (let pos = 0; pos < inp.length; ) {
    const next = inp.indexOf(LLAMA_CPP_SEPARATOR, pos);
    if (next < 0) {
      texts.push(inp.slice(pos));
      break;
    }
    texts.push(inp.slice(pos, next));
    pos = next + LLAMA_CPP_SEPARATOR.length;
  }
  const lines = out.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== texts.length)
    throw new ExpectedFormatError(
      `${outName} has ${lines.length} lines of ids but the .inp file has ${texts.length} texts`,
      Math.min(lines.length, texts.length) + 1,
    );
  return texts.map((text, i) => {
    const ids = lines[i]!.trim() === '' ? [] : lines[i]!.trim().split(/\s+/);
    for (const id of ids)
      if (!/^\d+$/.test(id)) throw new ExpectedFormatError(`"${id.slice(0, 20)}" is not a token id`, i + 1, outName);
    return { text, ids: ids.map(Number), addSpecialTokens: false, line: i + 1 };
  });
}

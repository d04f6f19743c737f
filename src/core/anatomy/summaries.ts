// One-line summaries of pipeline stages (normalizer, pre-tokenizer, decoder) for `info`.

type Json = Record<string, any>;

// --- one-line summaries ----------------------------------------------------------------------

const REGEX_SHOWN = 24;

/** A string literal as it appears in a summary: `"▁"`, `" "`, `"\n"`. */
function lit(s: unknown): string {
  return JSON.stringify(String(s));
}

/** A regex shortened for one line: `'(?i:'s|'t|'re|'ve|'m|'ll…'`. */
export function shortRegex(source: string, max = REGEX_SHOWN): string {
  const escaped = source.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  const chars = [...escaped];
  return `'${chars.length > max ? `${chars.slice(0, max).join('')}…` : escaped}'`;
}

function pattern(p: unknown): string {
  if (p && typeof p === 'object') {
    const o = p as Json;
    if (typeof o.Regex === 'string') return `regex ${shortRegex(o.Regex)}`;
    if (typeof o.String === 'string') return lit(o.String);
  }
  if (typeof p === 'string') return lit(p);
  return '?';
}

function snake(s: unknown): string {
  return String(s)
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function generic(c: Json): string {
  const args = Object.entries(c)
    .filter(([k, v]) => k !== 'type' && (v === null || ['string', 'number', 'boolean'].includes(typeof v)))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? lit(v) : String(v)}`);
  return args.length ? `${c.type}(${args.join(', ')})` : String(c.type);
}

type Stage = 'normalizer' | 'pre_tokenizer' | 'post_processor' | 'decoder';

/** One-line summary of a normalizer, pre-tokenizer, decoder or post-processor (null → `none`). */
export function summarize(component: unknown, stage: Stage = 'pre_tokenizer'): string {
  if (component === null || component === undefined) return 'none';
  if (typeof component !== 'object') return String(component);
  const c = component as Json;
  const nested = c.normalizers ?? c.pretokenizers ?? c.decoders ?? c.processors;
  if (c.type === 'Sequence' || (c.type === undefined && Array.isArray(nested))) {
    const parts = Array.isArray(nested) ? nested.map((n) => summarize(n, stage)) : [];
    return `Sequence[${parts.join(', ')}]`;
  }
  switch (c.type) {
    case 'Prepend':
      return `Prepend(${lit(c.prepend)})`;
    case 'Replace':
      return `Replace(${pattern(c.pattern)} → ${lit(c.content)})`;
    case 'Strip':
      // Normalizer: strip_left/strip_right; decoder: content/start/stop.
      if ('content' in c) return `Strip(${lit(c.content)}, start=${c.start ?? 0}, stop=${c.stop ?? 0})`;
      return `Strip(${[c.strip_left ? 'left' : null, c.strip_right ? 'right' : null].filter(Boolean).join(', ') || 'nothing'})`;
    case 'BertNormalizer': {
      const flags = [
        c.clean_text ? 'clean_text' : null,
        c.handle_chinese_chars ? 'chinese_chars' : null,
        c.lowercase ? 'lowercase' : null,
        c.strip_accents === null || c.strip_accents === undefined
          ? 'strip_accents=auto'
          : c.strip_accents
            ? 'strip_accents'
            : null,
      ].filter(Boolean);
      return `BertNormalizer(${flags.join(', ')})`;
    }
    case 'Precompiled':
      return `Precompiled(charsmap, ${typeof c.precompiled_charsmap === 'string' ? `${c.precompiled_charsmap.length} base64 chars` : 'empty'})`;
    case 'Split':
      return `Split(${pattern(c.pattern)}, ${snake(c.behavior)}${c.invert ? ', inverted' : ''})`;
    case 'ByteLevel':
      // Only the pre-tokenizer's settings change ids; decoder/post-processor ones affect offsets at most.
      if (stage !== 'pre_tokenizer' || !('add_prefix_space' in c)) return 'ByteLevel';
      return `ByteLevel(add_prefix_space=${Boolean(c.add_prefix_space)}${c.use_regex === false ? '' : ', gpt2 regex'})`;
    case 'Metaspace': {
      const scheme = c.prepend_scheme ?? (c.add_prefix_space === false ? 'never' : 'always');
      return `Metaspace(${lit(c.replacement ?? '▁')}, prepend=${scheme}${c.split === false ? ', no split' : ''})`;
    }
    case 'Punctuation':
      return `Punctuation(${snake(c.behavior ?? 'Isolated')})`;
    case 'Digits':
      return `Digits(${c.individual_digits ? 'individual' : 'grouped'})`;
    case 'CharDelimiterSplit':
      return `CharDelimiterSplit(${lit(c.delimiter)})`;
    case 'WordPiece':
      return `WordPiece(${lit(c.prefix ?? '##')}${c.cleanup ? ', cleanup' : ''})`;
    case 'BPEDecoder':
      return `BPEDecoder(${lit(c.suffix ?? '</w>')})`;
    case 'TemplateProcessing':
    case 'BertProcessing':
    case 'RobertaProcessing':
      return c.type;
    case 'ByteFallback':
    case 'Fuse':
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
    case 'Lowercase':
    case 'Nmt':
    case 'StripAccents':
    case 'Whitespace':
    case 'WhitespaceSplit':
    case 'BertPreTokenizer':
    case 'UnicodeScripts':
      return c.type;
    default:
      return c.type === undefined ? '?' : generic(c);
  }
}

export function rawOf(component: unknown): unknown {
  if (component === null || component === undefined) return null;
  return JSON.parse(
    JSON.stringify(component, (key, value) =>
      key === 'precompiled_charsmap' && typeof value === 'string' ? `<${value.length} base64 chars>` : value,
    ),
  );
}

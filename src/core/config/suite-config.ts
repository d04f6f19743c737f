// tokpeek.config.json: which tokenizers a team pins, on which corpora. Validation is pure and
// reports every mistake at once, each with its JSON path (`$.tokenizers["llama3.1"].engine`).
//
// {
//   "snapshots": "snapshots",                       // folder, relative to the config file
//   "tokenizers": {
//     "llama3.1": { "spec": "llama3.1", "engine": "js", "add_special_tokens": true, "max_length": 8192 },
//     "qwen3": { "spec": "qwen3", "chat_template": "templates/trainer.jinja" }, // or a template's name
//     "mine": "./models/my-tokenizer"               // shorthand: just the spec
//   },
//   "corpora": {
//     "support": { "files": ["data/support/*.jsonl"], "format": "jsonl", "field": "message.text" },
//     "prose": "corpora/prose.txt",                  // shorthand: just the files
//     "chats": { "files": "data/chat.jsonl", "chat": true } // chat records, rendered by each tokenizer's template
//   }
// }

import { ENGINE_NAMES, type EngineName } from '../token-model.js';

export const CONFIG_FILE = 'tokpeek.config.json';

export interface SuiteTokenizer {
  name: string;
  spec: string;
  engine: EngineName;
  addSpecialTokens: boolean;
  maxLength?: number;
  truncationSide: 'left' | 'right';
  /** Corpus names to snapshot with this tokenizer (default: all). */
  corpora?: string[];
  /**
   * The chat template chat corpora are rendered with: a name among the tokenizer's templates
   * (`tool_use` of a template list, `additional_chat_templates/NAME.jinja`) or a template file
   * relative to the config; default the tokenizer's own (`default`), as `apply_chat_template` picks.
   */
  chatTemplate?: string;
}

export interface SuiteCorpus {
  name: string;
  /** Globs relative to the config file's folder. */
  files: string[];
  format?: 'txt' | 'jsonl';
  field?: string;
  /**
   * Chat records in any shape `report` reads (messages with tools, ShareGPT, prompt/completion,
   * Alpaca, preference pairs), each rendered through the tokenizer's chat template: a changed
   * template shows as drift on the rendered conversations.
   */
  chat?: boolean;
}

export interface SuiteConfig {
  /** Snapshot folder relative to the config file's folder. */
  snapshots: string;
  tokenizers: SuiteTokenizer[];
  corpora: SuiteCorpus[];
}

interface ConfigProblem {
  /** JSON path of the offending value: `$`, `$.tokenizers["llama3.1"].engine`. */
  path: string;
  message: string;
}

/** Names become file names: snapshots/<tokenizer>/<corpus>.snap. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function closest(word: string, options: readonly string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  const best = options.map((o) => [o, dist(word.toLowerCase(), o)] as const).sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(word.length / 3)) ? best[0] : undefined;
}

const TOP_KEYS = ['$schema', 'snapshots', 'tokenizers', 'corpora'];
const TOKENIZER_KEYS = [
  'spec',
  'engine',
  'add_special_tokens',
  'max_length',
  'truncation_side',
  'chat_template',
  'corpora',
];
const CORPUS_KEYS = ['files', 'format', 'field', 'chat'];

/** Validates a parsed config. Returns the config when there is no problem. */
export function validateSuiteConfig(raw: unknown): { config?: SuiteConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const unknownKeys = (obj: Record<string, unknown>, allowed: readonly string[], path: string) => {
    for (const k of Object.keys(obj)) {
      if (allowed.includes(k)) continue;
      const hint = closest(k, allowed);
      problem(
        jsonPath(path, k),
        `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`,
      );
    }
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problem('$', `must be an object with "tokenizers" and "corpora", not ${kind(raw)}`);
    return { problems };
  }
  const top = raw as Record<string, unknown>;
  unknownKeys(top, TOP_KEYS, '$');

  let snapshots = 'snapshots';
  if (top.snapshots !== undefined) {
    if (typeof top.snapshots !== 'string' || top.snapshots.trim() === '')
      problem('$.snapshots', `must be a folder path (a non-empty string), not ${kind(top.snapshots)}`);
    else snapshots = top.snapshots;
  }

  // "corpora" and "tokenizers": objects of named things, whose names become file and folder names.
  const named = (
    key: 'corpora' | 'tokenizers',
    one: string,
    example: string,
    becomes: string,
  ): Array<[string, unknown, string]> => {
    const value = top[key];
    const where = `$.${key}`;
    if (value === undefined) problem(where, `is missing: name at least one ${one}, e.g. ${example}`);
    else if (!value || typeof value !== 'object' || Array.isArray(value))
      problem(where, `must be an object of named ${key}, not ${kind(value)}`);
    else {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) problem(where, `names no ${one}`);
      return entries.map(([name, v]) => {
        const path = jsonPath(where, name);
        if (!NAME.test(name))
          problem(
            path,
            `name must be letters, digits, ".", "_" or "-" (it becomes a ${becomes} name), at most 64 characters`,
          );
        return [name, v, path];
      });
    }
    return [];
  };

  const corpora: SuiteCorpus[] = [];
  for (const [name, value, path] of named('corpora', 'corpus', '{"prose": "corpora/prose.txt"}', 'file')) {
    const c = parseCorpus(name, value, path, problem);
    if (c) corpora.push(c);
  }

  const tokenizers: SuiteTokenizer[] = [];
  const corpusNames = top.corpora && typeof top.corpora === 'object' ? Object.keys(top.corpora) : [];
  for (const [name, value, path] of named('tokenizers', 'tokenizer', '{"llama3.1": {"spec": "llama3.1"}}', 'folder')) {
    const t = parseTokenizer(name, value, path, problem, corpusNames);
    if (t) tokenizers.push(t);
  }

  // Every mistake is reported, so the config is returned only when there is none.
  if (problems.length) return { problems };
  return { config: { snapshots, tokenizers, corpora }, problems };

  function parseCorpus(
    name: string,
    value: unknown,
    path: string,
    problem: (p: string, m: string) => void,
  ): SuiteCorpus | undefined {
    if (typeof value === 'string' || Array.isArray(value)) value = { files: value };
    if (!value || typeof value !== 'object') {
      problem(path, `must be an object {"files": [...]} or a glob string, not ${kind(value)}`);
      return undefined;
    }
    const o = value as Record<string, unknown>;
    unknownKeys(o, CORPUS_KEYS, path);
    const files: string[] = [];
    const filesPath = jsonPath(path, 'files');
    const glob = (f: unknown, at: string) => {
      if (typeof f !== 'string' || f.trim() === '')
        problem(at, `must be a non-empty glob string, not ${typeof f === 'string' ? 'an empty string' : kind(f)}`);
      else if (f.startsWith('/') || /^[A-Za-z]:[\\/]/.test(f))
        problem(at, 'must be relative to the config file, so snapshots are the same on every machine');
      else files.push(f);
    };
    if (o.files === undefined)
      problem(filesPath, 'is missing: one glob or a list of globs, relative to the config file');
    else if (typeof o.files === 'string') glob(o.files, filesPath);
    else if (Array.isArray(o.files)) {
      if (o.files.length === 0) problem(filesPath, 'is an empty list');
      o.files.forEach((f, i) => glob(f, jsonPath(filesPath, i)));
    } else problem(filesPath, `must be a glob string or a list of them, not ${kind(o.files)}`);
    const corpus: SuiteCorpus = { name, files };
    if (o.format !== undefined) {
      if (o.format !== 'txt' && o.format !== 'jsonl')
        problem(jsonPath(path, 'format'), `must be "txt" or "jsonl", not ${JSON.stringify(o.format)}`);
      else corpus.format = o.format;
    }
    if (o.field !== undefined) {
      if (typeof o.field !== 'string' || o.field === '')
        problem(jsonPath(path, 'field'), `must be a dotted field path such as "text", not ${kind(o.field)}`);
      else corpus.field = o.field;
    }
    if (o.chat !== undefined) {
      if (typeof o.chat !== 'boolean') problem(jsonPath(path, 'chat'), `must be true or false, not ${kind(o.chat)}`);
      else if (o.chat && corpus.format === 'txt')
        problem(jsonPath(path, 'chat'), 'chat records are JSON: a chat corpus cannot have "format": "txt"');
      else if (o.chat) corpus.chat = true;
    }
    return corpus;
  }

  function parseTokenizer(
    name: string,
    value: unknown,
    path: string,
    problem: (p: string, m: string) => void,
    corpusNames: string[],
  ): SuiteTokenizer | undefined {
    if (typeof value === 'string') value = { spec: value };
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problem(path, `must be an object {"spec": ...} or a spec string, not ${kind(value)}`);
      return undefined;
    }
    const o = value as Record<string, unknown>;
    unknownKeys(o, TOKENIZER_KEYS, path);
    const t: SuiteTokenizer = { name, spec: '', engine: 'js', addSpecialTokens: true, truncationSide: 'right' };
    if (typeof o.spec !== 'string' || o.spec.trim() === '') {
      problem(
        jsonPath(path, 'spec'),
        o.spec === undefined
          ? 'is missing: a bundled name, a folder or tokenizer.json path, or org/name[@revision]'
          : `must be a non-empty string, not ${kind(o.spec)}`,
      );
    } else t.spec = o.spec;
    if (o.engine !== undefined) {
      if (typeof o.engine === 'string' && (ENGINE_NAMES as readonly string[]).includes(o.engine))
        t.engine = o.engine as EngineName;
      else
        problem(jsonPath(path, 'engine'), `must be one of ${ENGINE_NAMES.join(', ')}, not ${JSON.stringify(o.engine)}`);
    }
    if (o.add_special_tokens !== undefined) {
      if (typeof o.add_special_tokens === 'boolean') t.addSpecialTokens = o.add_special_tokens;
      else
        problem(
          jsonPath(path, 'add_special_tokens'),
          `must be true or false, not ${JSON.stringify(o.add_special_tokens)}`,
        );
    }
    if (o.max_length !== undefined && o.max_length !== null) {
      if (typeof o.max_length === 'number' && Number.isInteger(o.max_length) && o.max_length > 0)
        t.maxLength = o.max_length;
      else
        problem(jsonPath(path, 'max_length'), `must be a positive whole number, not ${JSON.stringify(o.max_length)}`);
    }
    if (o.truncation_side !== undefined) {
      if (o.truncation_side === 'left' || o.truncation_side === 'right') t.truncationSide = o.truncation_side;
      else
        problem(
          jsonPath(path, 'truncation_side'),
          `must be "left" or "right", not ${JSON.stringify(o.truncation_side)}`,
        );
    }
    if (o.chat_template !== undefined) {
      const at = jsonPath(path, 'chat_template');
      if (typeof o.chat_template !== 'string' || o.chat_template.trim() === '')
        problem(at, `must be a template name or a template file path, not ${kind(o.chat_template)}`);
      else if (o.chat_template.startsWith('/') || /^[A-Za-z]:[\\/]/.test(o.chat_template))
        problem(at, 'a template file must be relative to the config file, so snapshots are the same on every machine');
      else t.chatTemplate = o.chat_template;
    }
    if (o.corpora !== undefined) {
      const cp = jsonPath(path, 'corpora');
      if (!Array.isArray(o.corpora)) problem(cp, `must be a list of corpus names, not ${kind(o.corpora)}`);
      else {
        t.corpora = [];
        o.corpora.forEach((c, i) => {
          if (typeof c !== 'string') problem(jsonPath(cp, i), `must be a corpus name, not ${kind(c)}`);
          else if (!corpusNames.includes(c))
            problem(
              jsonPath(cp, i),
              `no corpus named ${JSON.stringify(c)} in $.corpora${corpusNames.length ? ` (${corpusNames.join(', ')})` : ''}`,
            );
          else t.corpora!.push(c);
        });
      }
    }
    return t;
  }
}

/** What `tokpeek init` writes. */
export function scaffoldConfig(
  tokenizers: Array<{ name: string; spec: string; chatTemplate?: string | undefined }>,
  corpora: Array<{ name: string; files: string[]; format?: string; chat?: boolean }>,
): Record<string, unknown> {
  return {
    snapshots: 'snapshots',
    tokenizers: Object.fromEntries(
      tokenizers.map((t) => [
        t.name,
        {
          spec: t.spec,
          engine: 'js',
          add_special_tokens: true,
          ...(t.chatTemplate !== undefined ? { chat_template: t.chatTemplate } : {}),
        },
      ]),
    ),
    corpora: Object.fromEntries(
      corpora.map((c) => [
        c.name,
        { files: c.files, ...(c.format ? { format: c.format } : {}), ...(c.chat ? { chat: true } : {}) },
      ]),
    ),
  };
}

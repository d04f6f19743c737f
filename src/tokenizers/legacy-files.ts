// Tokenizer files from before tokenizer.json ("slow" tokenizers): tokpeek's engines read only
// tokenizer.json, and Python transformers converts these into one. The message says so, instead
// of suggesting a download (the files are already there) or parsing a binary model as JSON.

import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

/** File name → what it is. */
const LEGACY: Record<string, string> = {
  'tokenizer.model': 'a SentencePiece model',
  'spiece.model': 'a SentencePiece model',
  'sentencepiece.bpe.model': 'a SentencePiece model',
  'vocab.txt': 'a WordPiece vocabulary',
  'vocab.json': 'a BPE vocabulary (with merges.txt)',
  'merges.txt': 'BPE merges (with vocab.json)',
};

function convertHint(folder: string): string {
  return (
    'tokpeek reads tokenizer.json; convert once with Python transformers: ' +
    `AutoTokenizer.from_pretrained("${folder}").save_pretrained("${folder}") writes it beside them.`
  );
}

/** The legacy files a folder holds, in a stable order. */
export function legacyFilesIn(folder: string): string[] {
  return Object.keys(LEGACY).filter((f) => fs.existsSync(path.join(folder, f)));
}

/** The error for a folder with legacy files and no tokenizer.json (shownAs: how the user named it). */
export function legacyFolderError(shownAs: string, folder: string, files: string[]): InputError {
  return new InputError(
    shownAs,
    `no tokenizer.json, only legacy tokenizer files (${files.join(', ')})`,
    undefined,
    convertHint(folder),
  );
}

/** The error for `-t` naming a legacy file itself, or undefined when the name is not one. */
export function legacyFileError(shownAs: string, file: string): InputError | undefined {
  const what = LEGACY[path.basename(file)] ?? (file.endsWith('.model') ? 'a SentencePiece model' : undefined);
  if (!what) return undefined;
  return new InputError(shownAs, `${what}, not a tokenizer.json`, undefined, convertHint(path.dirname(file)));
}

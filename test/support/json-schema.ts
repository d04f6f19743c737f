// The shipped JSON Schemas (src/schemas/) compiled once with ajv, strict about unknown keywords,
// for tests that validate tokpeek's JSON output.

import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import { JSON_CONTRACTS, type JsonContract } from '../../src/render/json-contracts.js';
import { ROOT } from './paths.js';

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<JsonContract, ValidateFunction>();
for (const name of Object.keys(JSON_CONTRACTS) as JsonContract[]) {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'schemas', `${name}.schema.json`), 'utf8'));
  validators.set(name, ajv.compile(schema));
}

/** Parses one JSON document and validates it, failing with ajv's errors (path and reason). */
export function valid(contract: JsonContract, text: string): any {
  const value = JSON.parse(text);
  const validate = validators.get(contract)!;
  if (!validate(value)) expect.fail(`${contract}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return value;
}

/** The non-empty lines of JSON Lines output. */
export const lines = (text: string) => text.split('\n').filter((l) => l !== '');

#!/usr/bin/env node
// `npm run schemas`: writes src/schemas/<name>.schema.json from the named types in
// src/render/json-contracts.ts (ts-json-schema-generator reads the TypeScript and its doc
// comments). `--check` writes nothing and exits 1 when a shipped schema is stale.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONTRACTS = path.join(ROOT, 'src', 'render', 'json-contracts.ts');
const OUT = path.join(ROOT, 'src', 'schemas');

/** name → root type, read from JSON_CONTRACTS so the list is written once. */
function contracts() {
  const source = fs.readFileSync(CONTRACTS, 'utf8');
  const block = source.slice(source.indexOf('export const JSON_CONTRACTS'));
  return [...block.matchAll(/'?([\w-]+)'?: \{ type: '(\w+)', outputs: '([^']+)' \}/g)].map(
    ([, name, type, outputs]) => ({
      name,
      type,
      outputs,
    }),
  );
}

export function buildSchemas() {
  const generator = createGenerator({
    path: CONTRACTS,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    sortProps: true,
    additionalProperties: false,
  });
  return contracts().map(({ name, type, outputs }) => {
    const schema = generator.createSchema(type);
    const text = `${JSON.stringify(
      {
        $schema: schema.$schema,
        $id: `urn:tokpeek:schema:${name}:1`,
        title: `tokpeek ${outputs}`,
        $ref: schema.$ref,
        definitions: schema.definitions,
      },
      null,
      2,
    )}\n`;
    return { file: path.join(OUT, `${name}.schema.json`), text };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, text } of buildSchemas()) {
    const now = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (now === text) continue;
    stale++;
    if (check) console.error(`stale: ${path.relative(ROOT, file)} (run npm run schemas)`);
    else {
      fs.mkdirSync(OUT, { recursive: true });
      fs.writeFileSync(file, text);
      console.log(`wrote ${path.relative(ROOT, file)}`);
    }
  }
  if (check && stale) process.exitCode = 1;
}

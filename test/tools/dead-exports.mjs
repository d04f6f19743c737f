// Exports of src that nothing outside their own module uses (`node test/tools/dead-exports.mjs`):
// every export of every module under src is looked up with the TypeScript language service over
// src and test (tsconfig.json), and names used only by .mjs tools and benchmarks (through dist/)
// or named in the JSON Schemas count as used. Prints `file: name` per dead export, `(unused)` when its own module does not use
// it either (dead code, not just a needless export); exits 1 when there is one.

import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const config = ts.getParsedCommandLineOfConfigFile(
  path.join(ROOT, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
const files = config.fileNames;
const versions = new Map(files.map((f) => [f, '1']));
const service = ts.createLanguageService(
  {
    getScriptFileNames: () => files,
    getScriptVersion: (f) => versions.get(f) ?? '1',
    getScriptSnapshot: (f) => (fs.existsSync(f) ? ts.ScriptSnapshot.fromString(fs.readFileSync(f, 'utf8')) : undefined),
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
  },
  ts.createDocumentRegistry(),
);
const program = service.getProgram();
const checker = program.getTypeChecker();

/** Text of the JavaScript tools and benchmarks, which reach src through dist/. */
function scripts(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : scripts(p);
    return /\.(mjs|js|cjs)$/.test(e.name) ? [fs.readFileSync(p, 'utf8')] : [];
  });
}
const scriptText = [...scripts(path.join(ROOT, 'test')), ...scripts(path.join(ROOT, 'bin'))].join('\n');
// Types the JSON Schemas name (root types and definitions): build-schemas.mjs reads them by name,
// and a type that is not exported would be inlined into every schema that uses it.
const schemaTypes = fs
  .readdirSync(path.join(ROOT, 'src', 'schemas'))
  .filter((f) => f.endsWith('.schema.json'))
  .flatMap((f) =>
    Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'schemas', f), 'utf8')).definitions ?? {}),
  );
const usedByName = [scriptText, ...schemaTypes].join('\n');

const dead = [];
for (const source of program.getSourceFiles()) {
  const file = source.fileName;
  if (!file.startsWith(path.join(ROOT, 'src') + path.sep) || file.endsWith('.d.ts')) continue;
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) continue;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const declaration = symbol.declarations?.[0];
    if (!declaration || declaration.getSourceFile() !== source) continue; // re-exports: their origin is checked
    const nameNode = ts.getNameOfDeclaration(declaration) ?? declaration;
    const refs = service.findReferences(file, nameNode.getStart()) ?? [];
    const usedElsewhere = refs.some((r) => r.references.some((ref) => ref.fileName !== file));
    if (usedElsewhere || new RegExp(`\\b${symbol.name}\\b`).test(usedByName)) continue;
    // Used in its own module: only the `export` is dead; else the code itself is.
    const usedHere = refs.some((r) => r.references.some((ref) => !ref.isDefinition && ref.fileName === file));
    dead.push(`${path.relative(ROOT, file)}: ${symbol.name}${usedHere ? '' : ' (unused)'}`);
  }
}
for (const d of dead) console.log(d);
process.exitCode = dead.length ? 1 : 0;

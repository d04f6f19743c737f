// The import graph of TypeScript modules, read with the TypeScript parser: what the layering
// and unit-purity tests check.

import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The TypeScript modules under `dir`, descending into the folders `keep` accepts. */
export function sourceFiles(dir: string, keep: (folder: string) => boolean = () => true): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return keep(p) ? sourceFiles(p, keep) : [];
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export interface Import {
  specifier: string;
  typeOnly: boolean;
  /** An import declaration, a re-export (`export … from`), an `import()` call or an `import('…')` type. */
  kind: 'import' | 'export' | 'dynamic' | 'type';
}

/** Every module specifier in a file: imports, re-exports and dynamic import(), with whether only types cross. */
export function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allTypeSpecifiers =
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly) &&
        clause?.name === undefined;
      out.push({
        specifier: node.moduleSpecifier.text,
        typeOnly: Boolean(clause?.isTypeOnly || allTypeSpecifiers),
        kind: 'import',
      });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, kind: 'export' });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push({ specifier: node.arguments[0].text, typeOnly: false, kind: 'dynamic' });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      out.push({ specifier: node.argument.literal.text, typeOnly: true, kind: 'type' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

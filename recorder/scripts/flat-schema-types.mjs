// The types the recorder imports from @loupe/schemas, written out as plain TypeScript: the
// compiler expands each (a zod schema's inferred type) into the object types it stands for, so
// the published declarations carry neither @loupe/schemas (unpublished) nor zod's own types.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const SCHEMAS = '@loupe/schemas';

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** `export type Name = <expanded type>;` for every name a recorder source imports from @loupe/schemas. */
export function flatSchemaTypes(root, tsconfig) {
  const files = sources(join(root, 'src')).filter((f) => readFileSync(f, 'utf8').includes(`'${SCHEMAS}'`));
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
  );
  const program = ts.createProgram({ rootNames: files, options: parsed.options });
  const checker = program.getTypeChecker();
  const flags = ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias;
  const printer = ts.createPrinter();
  const out = new Map();
  for (const file of files) {
    const sf = program.getSourceFile(file);
    for (const stmt of sf.statements) {
      if (!ts.isImportDeclaration(stmt) || stmt.moduleSpecifier.text !== SCHEMAS) continue;
      const named = stmt.importClause?.namedBindings;
      if (!named || !ts.isNamedImports(named)) continue;
      for (const spec of named.elements) {
        const name = (spec.propertyName ?? spec.name).text;
        if (out.has(name)) continue;
        const symbol = checker.getAliasedSymbol(checker.getSymbolAtLocation(spec.name));
        const node = checker.typeToTypeNode(checker.getDeclaredTypeOfSymbol(symbol), undefined, flags);
        const text = printer.printNode(ts.EmitHint.Unspecified, node, sf);
        if (/\bimport\(|\bZod|\$Infer/.test(text)) throw new Error(`${name} did not expand to plain types: ${text}`);
        out.set(name, `export type ${name} = ${text};`);
      }
    }
  }
  return `${[...out.values()].join('\n')}\n`;
}

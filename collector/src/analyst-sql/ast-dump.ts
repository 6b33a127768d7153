/** One node of ClickHouse's `EXPLAIN AST` dump, e.g. `TableIdentifier default.call_logs (alias c)`. */
export interface AstNode {
  /** The node kind: SelectQuery, TableIdentifier, Function, Set... */
  type: string;
  /** What follows the kind: a table, function or column name, a literal. */
  name: string;
  children: AstNode[];
}

export class AstDumpError extends Error {}

/**
 * Rebuilds the tree from the dump's indentation (one space per level). Each line also states how
 * many children it has, and the rebuilt tree must agree: the names in the dump are printed
 * unescaped, so this, together with the refusal of escapes in quoted names upstream, is what makes
 * sure no name can pose as extra lines of the tree.
 */
export function parseAstDump(lines: readonly string[]): AstNode {
  const stack: { node: AstNode; depth: number; declared: number }[] = [];
  let root: AstNode | undefined;
  for (const line of lines) {
    const depth = line.length - line.trimStart().length;
    let body = line.slice(depth);
    let declared = 0;
    const counted = / \(children (\d+)\)$/.exec(body);
    if (counted) {
      declared = Number(counted[1]);
      body = body.slice(0, counted.index);
    }
    const space = body.indexOf(' ');
    const type = space < 0 ? body : body.slice(0, space);
    const rest = space < 0 ? '' : body.slice(space + 1);
    const aliased = /^(?:(.*?) )?\(alias .*\)$/.exec(rest);
    const node: AstNode = { type, name: aliased ? (aliased[1] ?? '') : rest, children: [] };
    if (!/^[A-Za-z][A-Za-z:]*$/.test(type)) throw new AstDumpError(`unexpected line in the parsed query: ${line}`);

    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) close(stack.pop()!);
    if (stack.length === 0) {
      if (root || depth !== 0) throw new AstDumpError('the parsed query has more than one root');
      root = node;
    } else {
      const parent = stack[stack.length - 1]!;
      if (depth !== parent.depth + 1) throw new AstDumpError('the parsed query is not a tree');
      parent.node.children.push(node);
    }
    stack.push({ node, depth, declared });
  }
  while (stack.length > 0) close(stack.pop()!);
  if (!root) throw new AstDumpError('the parsed query is empty');
  return root;
}

function close(entry: { node: AstNode; declared: number }): void {
  if (entry.node.children.length !== entry.declared) {
    throw new AstDumpError(`the parsed query does not add up at ${entry.node.type} ${entry.node.name}`.trimEnd());
  }
}

/**
 * The slice of web-tree-sitter's API the core uses. Declared here, not imported, so the core
 * compiles with no dependency on how the Node layer loads the grammar.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  readonly children: readonly (SyntaxNode | null)[];
  /** One call across the WASM boundary for all of them: cheaper than namedChild(i) in a loop. */
  readonly namedChildren: readonly (SyntaxNode | null)[];
}

export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
  delete(): void;
}

export interface ShellParser {
  parse(text: string): SyntaxTree | null;
}

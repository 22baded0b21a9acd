// What the api command needs to know of a GraphQL document before sending it: its operation
// type, and for --paginate the one connection that takes $cursor and selects its pageInfo.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { UsageError } from "../base/errors.js";

export type OperationType = "query" | "mutation" | "subscription";

export interface Analysed {
  operation: OperationType;
  /** The operation's name, when the document holds several and one must be chosen. */
  operationName?: string;
  /** Names of the variables the operation declares. */
  variables: string[];
  definition: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
}

/** Where the paged connection sits in an answer, by response keys (aliases honoured). */
export interface PagedConnection {
  /** Response keys from `data` down to the connection object. */
  path: string[];
  pageInfoKey: string;
  hasNextPageKey: string;
  endCursorKey: string;
  /** Response keys of the connection's `edges` and `nodes` selections, to concatenate. */
  listKeys: string[];
}

export const CURSOR_VARIABLE = "cursor";

export function analyse(source: string): Analysed {
  let document: DocumentNode;
  try {
    document = parse(source, { noLocation: false });
  } catch (error) {
    const detail = error instanceof GraphQLError ? oneLine(error) : String(error);
    throw new UsageError(`the GraphQL document does not parse: ${detail}.`);
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const definition = operations[0];
  if (!definition) throw new UsageError("the GraphQL document holds no operation.");
  if (operations.length > 1) {
    throw new UsageError(
      `the GraphQL document holds ${operations.length} operations: send one at a time.`,
    );
  }
  return {
    operation: definition.operation as OperationType,
    operationName: definition.name?.value,
    variables: (definition.variableDefinitions ?? []).map((v) => v.variable.name.value),
    definition,
    fragments,
  };
}

function oneLine(error: GraphQLError): string {
  const where = error.locations?.[0];
  const at = where ? ` (line ${where.line}, column ${where.column})` : "";
  return `${error.message.replace(/\s+/g, " ").replace(/\.$/, "")}${at}`;
}

function usesVariable(value: ValueNode, name: string): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return value.name.value === name;
    case Kind.LIST:
      return value.values.some((v) => usesVariable(v, name));
    case Kind.OBJECT:
      return value.fields.some((f) => usesVariable(f.value, name));
    default:
      return false;
  }
}

/** The fields of a selection set, inline fragments and fragment spreads flattened. */
function fieldsOf(
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...fieldsOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (fragment && !seen.has(name)) {
        seen.add(name);
        fields.push(...fieldsOf(fragment.selectionSet, fragments, seen));
        seen.delete(name);
      }
    }
  }
  return fields;
}

const keyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;

function pagedShape(
  field: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
): Omit<PagedConnection, "path"> | undefined {
  const children = fieldsOf(field.selectionSet, fragments);
  for (const pageInfo of children.filter((f) => f.name.value === "pageInfo")) {
    const info = fieldsOf(pageInfo.selectionSet, fragments);
    const hasNext = info.find((f) => f.name.value === "hasNextPage");
    const end = info.find((f) => f.name.value === "endCursor");
    if (hasNext && end) {
      return {
        pageInfoKey: keyOf(pageInfo),
        hasNextPageKey: keyOf(hasNext),
        endCursorKey: keyOf(end),
        listKeys: [
          ...new Set(children.filter((f) => ["edges", "nodes"].includes(f.name.value)).map(keyOf)),
        ],
      };
    }
  }
  return undefined;
}

/**
 * The connection --paginate follows: the one field whose arguments use $cursor and which
 * selects pageInfo { hasNextPage endCursor }. Anything else is a usage error.
 */
export function pagedConnection(analysed: Analysed): PagedConnection {
  if (analysed.operation !== "query") {
    throw new UsageError(`--paginate pages a query, and this document is a ${analysed.operation}.`);
  }
  if (!analysed.variables.includes(CURSOR_VARIABLE)) {
    throw new UsageError(
      "--paginate needs a query that declares $cursor and passes it to a connection, " +
        "e.g. query($cursor: String) { requests(first: 50, after: $cursor) { nodes { id } pageInfo { hasNextPage endCursor } } }.",
    );
  }
  const found: PagedConnection[] = [];
  const walk = (set: SelectionSetNode | undefined, path: string[], depth: number) => {
    if (depth > 64) return;
    for (const field of fieldsOf(set, analysed.fragments)) {
      const here = [...path, keyOf(field)];
      if ((field.arguments ?? []).some((a) => usesVariable(a.value, CURSOR_VARIABLE))) {
        const shape = pagedShape(field, analysed.fragments);
        if (shape) found.push({ path: here, ...shape });
      }
      walk(field.selectionSet, here, depth + 1);
    }
  };
  walk(analysed.definition.selectionSet, [], 0);
  if (found.length === 0) {
    throw new UsageError(
      "--paginate: no field takes $cursor and selects pageInfo { hasNextPage endCursor }.",
    );
  }
  if (found.length > 1) {
    const paths = found.map((f) => f.path.join(".")).join(", ");
    throw new UsageError(`--paginate follows one connection, and $cursor pages several: ${paths}.`);
  }
  return found[0] as PagedConnection;
}

// Parsing and validating an incoming document, the same way for HTTP and WebSocket: bounded
// work, and every failure a GraphQLError the client can read (never a thrown RangeError).
import { type DocumentNode, GraphQLError, type GraphQLSchema, parse, validate } from "graphql";
import { validationRules } from "./schema.js";

/** Far above any auth document (the official ones have ~60 tokens); bounds parse work. */
const MAX_TOKENS = 5000;

export function prepareDocument(
  schema: GraphQLSchema,
  query: string,
): DocumentNode | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    // Deep nesting exhausts the parser's stack (RangeError) before the token limit applies.
    return [
      error instanceof GraphQLError ? error : new GraphQLError("the document is too deeply nested"),
    ];
  }
  const errors = validate(schema, document, validationRules);
  return errors.length > 0 ? [...errors] : document;
}

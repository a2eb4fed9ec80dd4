/** Policy documents as people write them: JSON text, parsed and tidied for the API. */

export type Parsed =
  | { document: Record<string, unknown>; error?: undefined }
  | { error: string; document?: undefined };

/** The JSON object in an editor, or why it is not one. */
export function parsePolicyText(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: "A policy is a JSON object with a Statement." };
  }
  return { document: value as Record<string, unknown> };
}

/**
 * The document without `"Sid": ""` (the templates' blank to fill in): the server names
 * statements that have no Sid, but an empty one is not a valid Sid.
 */
export function withoutEmptySids(document: Record<string, unknown>): Record<string, unknown> {
  const strip = (statement: unknown) => {
    if (typeof statement !== "object" || statement === null || Array.isArray(statement))
      return statement;
    const { Sid, ...rest } = statement as Record<string, unknown>;
    return Sid === "" ? rest : statement;
  };
  const statements = document.Statement;
  if (Array.isArray(statements)) return { ...document, Statement: statements.map(strip) };
  if (statements !== undefined) return { ...document, Statement: strip(statements) };
  return document;
}

/** True while a text still says what its template says (whitespace aside). */
export function isUntouched(text: string, template: string): boolean {
  const parsed = parsePolicyText(text);
  return (
    parsed.document !== undefined &&
    JSON.stringify(parsed.document) === JSON.stringify(JSON.parse(template))
  );
}

/** A document as the editors show it: two-space JSON. */
export function policyText(document: unknown): string {
  return JSON.stringify(document, null, 2);
}

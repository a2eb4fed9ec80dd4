/**
 * Where a value sits in JSON text, so editor markers can point at a policy finding's statement
 * (`Statement[0]`) or element (`Statement[0].Action`). A small position-keeping JSON parser:
 * `JSON.parse` forgets offsets.
 */

export interface TextRange {
  /** Offset of the first character. */
  start: number;
  /** Offset just after the last character. */
  end: number;
}

interface Member {
  key: string;
  /** From the key's opening quote to the end of its value. */
  range: TextRange;
  value: JsonNode;
}

type JsonNode =
  | { kind: "object"; range: TextRange; members: Member[] }
  | { kind: "array"; range: TextRange; items: JsonNode[] }
  | { kind: "scalar"; range: TextRange };

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): JsonNode {
    const node = this.value();
    this.space();
    if (this.pos !== this.text.length) throw new SyntaxError("trailing text");
    return node;
  }

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) throw new SyntaxError(`expected ${char} at ${this.pos}`);
    this.pos += 1;
  }

  private value(): JsonNode {
    this.space();
    const start = this.pos;
    const char = this.text[this.pos];
    if (char === "{") return this.object(start);
    if (char === "[") return this.array(start);
    if (char === '"') {
      this.string();
      return { kind: "scalar", range: { start, end: this.pos } };
    }
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(start));
    if (!literal) throw new SyntaxError(`unexpected character at ${start}`);
    this.pos += literal[0].length;
    return { kind: "scalar", range: { start, end: this.pos } };
  }

  private string(): string {
    const start = this.pos;
    this.expect('"');
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      this.pos += this.text[this.pos] === "\\" ? 2 : 1;
    }
    this.expect('"');
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private object(start: number): JsonNode {
    this.expect("{");
    const members: Member[] = [];
    this.space();
    if (this.text[this.pos] === "}") {
      this.pos += 1;
      return { kind: "object", range: { start, end: this.pos }, members };
    }
    for (;;) {
      this.space();
      const keyStart = this.pos;
      const key = this.string();
      this.space();
      this.expect(":");
      const value = this.value();
      members.push({ key, value, range: { start: keyStart, end: value.range.end } });
      this.space();
      if (this.text[this.pos] === ",") {
        this.pos += 1;
        continue;
      }
      this.expect("}");
      return { kind: "object", range: { start, end: this.pos }, members };
    }
  }

  private array(start: number): JsonNode {
    this.expect("[");
    const items: JsonNode[] = [];
    this.space();
    if (this.text[this.pos] === "]") {
      this.pos += 1;
      return { kind: "array", range: { start, end: this.pos }, items };
    }
    for (;;) {
      items.push(this.value());
      this.space();
      if (this.text[this.pos] === ",") {
        this.pos += 1;
        continue;
      }
      this.expect("]");
      return { kind: "array", range: { start, end: this.pos }, items };
    }
  }
}

type Step = { key: string } | { index: number };

/** `Statement[0].Action` -> [{key: "Statement"}, {index: 0}, {key: "Action"}]. */
function steps(path: string): Step[] {
  const result: Step[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) result.push({ index: Number(match[2]) });
    else if (match[1] !== undefined) result.push({ key: match[1] });
  }
  return result;
}

/** A statement is pointed at by its Sid (or Effect) line rather than its whole body. */
function pointAt(node: JsonNode): TextRange {
  if (node.kind !== "object") return node.range;
  const named =
    node.members.find((m) => m.key === "Sid") ?? node.members.find((m) => m.key === "Effect");
  return named?.range ?? node.range;
}

/**
 * The text range of `path` in `text` (for an object member: its key through its value); the
 * nearest found ancestor when the path goes on past what the text has; null when the text is
 * not JSON or not even the first step is found.
 */
export function locateJsonPath(text: string, path: string): TextRange | null {
  let node: JsonNode;
  try {
    node = new Parser(text).parse();
  } catch {
    return null;
  }
  let found: TextRange | null = null;
  for (const step of steps(path)) {
    if ("key" in step) {
      if (node.kind !== "object") break;
      const member = node.members.find((m) => m.key === step.key);
      if (!member) break;
      found = member.range;
      node = member.value;
    } else {
      // A lone statement object stands for `Statement[0]`.
      if (node.kind === "object" && step.index === 0) {
        found = pointAt(node);
        continue;
      }
      if (node.kind !== "array") break;
      const item = node.items[step.index];
      if (!item) break;
      found = pointAt(item);
      node = item;
    }
  }
  return found;
}

/**
 * Evaluates a small arithmetic expression: numbers (commas as thousands separators, `$` and a trailing `%` ignored),
 * `+ - * / × x ÷`, parentheses and unary minus. Returns undefined when the text is not such an expression.
 */
export function evaluateArithmetic(text: string): number | undefined {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const expr = (): number | undefined => {
    let value = term();
    while (value !== undefined && (peek() === '+' || peek() === '-')) {
      const op = tokens[pos++];
      const right = term();
      if (right === undefined) return undefined;
      value = op === '+' ? value + right : value - right;
    }
    return value;
  };
  const term = (): number | undefined => {
    let value = factor();
    while (value !== undefined && (peek() === '*' || peek() === '/')) {
      const op = tokens[pos++];
      const right = factor();
      if (right === undefined) return undefined;
      value = op === '*' ? value * right : value / right;
    }
    return value;
  };
  const factor = (): number | undefined => {
    const token = tokens[pos++];
    if (token === undefined) return undefined;
    if (token === '-') {
      const inner = factor();
      return inner === undefined ? undefined : -inner;
    }
    if (token === '(') {
      const inner = expr();
      if (tokens[pos++] !== ')') return undefined;
      return inner;
    }
    const n = Number(token);
    return Number.isFinite(n) ? n : undefined;
  };
  const value = expr();
  return pos === tokens.length && value !== undefined && Number.isFinite(value) ? value : undefined;
}

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  const re = /\s*(?:(\d[\d,]*(?:\.\d+)?|\.\d+)%?|([-+*/×x÷()]))/y;
  const source = text.replace(/\$/g, '').replace(/\\\*/g, '*').trim();
  let index = 0;
  while (index < source.length) {
    re.lastIndex = index;
    const m = re.exec(source);
    if (!m) return undefined;
    index = re.lastIndex;
    if (m[1] !== undefined) tokens.push(m[1].replace(/,/g, ''));
    else tokens.push(m[2] === '×' || m[2] === 'x' ? '*' : m[2] === '÷' ? '/' : m[2]!);
    if (/^\s*$/.test(source.slice(index))) break;
  }
  return tokens;
}

/** Whether two numbers agree up to rounding to two decimals (answers often round intermediate results). */
export function sameNumber(a: number, b: number): boolean {
  if (Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) return true;
  return Math.abs(a - b) < 0.01 + 1e-9 || Math.round(a * 100) === Math.round(b * 100);
}

/** Thrown when CSV text is malformed (an unterminated quoted field). */
export class CsvParseError extends Error {
  /** 1-based line where the bad field starts. */
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'CsvParseError';
    this.line = line;
  }
}

/**
 * Parses RFC 4180 CSV: comma-separated fields, fields in double quotes may hold commas, newlines and doubled
 * quotes (`""` → `"`); CRLF or LF line ends; a trailing newline does not add a row; a leading BOM is dropped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let row: string[] = [];
  if (i >= n) return rows;
  for (;;) {
    // One field starts at i.
    let field: string;
    if (text[i] === '"') {
      const startLine = line;
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new CsvParseError(`unterminated quoted field starting on line ${startLine}`, startLine);
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      line += countNewlines(value);
      // Tolerate stray characters between the closing quote and the delimiter.
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = value + text.slice(i, j);
      i = j;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    const delimiter = text[i];
    if (delimiter === ',') {
      i++;
      continue;
    }
    // End of line.
    rows.push(row);
    row = [];
    i += delimiter === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    if (i >= n) return rows;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) count++;
  return count;
}

/** A CSV file as a header and records keyed by column name. */
export interface CsvTable {
  /** Column names from the first row. */
  header: string[];
  /** One object per data row; missing trailing fields are empty strings. */
  records: Record<string, string>[];
}

/** Parses CSV text whose first row is a header into records keyed by column name (blank lines skipped). */
export function parseCsvTable(text: string): CsvTable {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  const records: Record<string, string>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (cells.length === 1 && cells[0] === '') continue;
    const record: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) record[header[c]!] = cells[c] ?? '';
    records.push(record);
  }
  return { header, records };
}

import { describe, expect, it } from 'vitest';
import { CsvParseError, parseCsv, parseCsvTable } from '../../src/eval/loaders/parse-csv.js';

describe('parseCsv', () => {
  it('reads quoted fields holding commas, newlines and doubled quotes', () => {
    const text = 'a,b,c\n"x, y","line1\nline2","say ""hi"""\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'line1\nline2', 'say "hi"'],
    ]);
  });

  it('handles CRLF, a missing final newline, empty fields and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n1,\r\n,2')).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', '2'],
    ]);
  });

  it('keeps CRLF inside quotes as text', () => {
    expect(parseCsv('"a\r\nb",c\r\n')).toEqual([['a\r\nb', 'c']]);
  });

  it('throws with the line of an unterminated quoted field', () => {
    const error = (() => {
      try {
        parseCsv('a\n"open,\nstill open');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvParseError);
    expect((error as CsvParseError).line).toBe(2);
  });

  it('maps records by header and skips blank lines', () => {
    const table = parseCsvTable('p,q\n1,2\n\n3\n');
    expect(table.header).toEqual(['p', 'q']);
    expect(table.records).toEqual([
      { p: '1', q: '2' },
      { p: '3', q: '' },
    ]);
  });
});

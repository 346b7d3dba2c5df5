import { EvalInputError } from '../eval-input-error.js';
import { CsvParseError, type CsvTable, parseCsvTable } from './parse-csv.js';
import { readTextFile } from './read-text-file.js';

/** Reads and parses a CSV file with a header row; malformed CSV becomes an `EvalInputError` naming the file. */
export function readCsv(path: string): CsvTable {
  try {
    return parseCsvTable(readTextFile(path));
  } catch (error) {
    if (error instanceof CsvParseError) throw new EvalInputError(`${path}: ${error.message}`);
    throw error;
  }
}

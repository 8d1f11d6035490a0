// The reference of the pipeline benchmark: csv-parse alone, reading the same file with default
// options (array records) and counting them. Prints {"records":…, "ms":…} (header included).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) throw new Error('usage: raw-csv-parse <file.csv>');
const started = performance.now();
let records = 0;
for await (const _record of createReadStream(file).pipe(parse())) records++;
process.stdout.write(`${JSON.stringify({ records, ms: performance.now() - started })}\n`);

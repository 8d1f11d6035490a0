// A pump-sensor file damaged the way real files are: a BOM, line endings that change from CRLF to
// a lone CR to LF (files concatenated from different systems), quoted fields with delimiters,
// doubled quotes and line breaks, ragged rows, empty and non-numeric cells, a 2 MB record, bytes
// that are not UTF-8, and a quote left open on the last line.
// Every record carries its number in sensor_04, so a test can tell exactly which ones arrived.

export const DAMAGED_HEADER = ['timestamp', 'sensor_00', 'sensor_04', 'sensor_18', 'sensor_34', 'machine_status'];

export interface DamagedCsv {
  bytes: Buffer;
  /** Numbers of the records that must arrive, in file order (well-formed, ragged, invalid UTF-8). */
  delivered: number[];
  /** What each delivered record's machine_status must read (only where it is not "NORMAL"). */
  status: Map<number, string | undefined>;
  /** The physical line where each kind of damaged record starts. */
  lines: { ragged: number[]; invalidUtf8: number[]; oversized: number[]; unterminated: number[] };
  /** The record that holds empty, n/a and NaN cells (sensor_18, sensor_34, sensor_00). */
  gapsRecord: number;
}

export const minute = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, n)).toISOString();
const naive = (n: number) => minute(n).slice(0, 19).replace('T', ' ');

export function damagedCsv(): DamagedCsv {
  const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
  const delivered: number[] = [];
  const status = new Map<number, string | undefined>();
  const lines: DamagedCsv['lines'] = { ragged: [], invalidUtf8: [], oversized: [], unterminated: [] };
  let line = 1;
  const write = (record: string | Buffer, ending: string) => {
    const bytes = typeof record === 'string' ? Buffer.from(record, 'utf8') : record;
    parts.push(bytes, Buffer.from(ending));
    // Line breaks inside quoted fields count as lines too.
    const text = bytes.toString('latin1');
    line += (text.match(/\r\n|\r|\n/g) ?? []).length + 1;
  };
  const cells = (n: number, rest = '0.5,0.25,NORMAL') => `${naive(n)},0.1,${n},${rest}`;

  write(DAMAGED_HEADER.join(','), '\r\n');
  const gapsRecord = 120;
  for (let n = 1; n <= 300; n++) {
    const ending = n <= 100 ? '\r\n' : n <= 200 ? '\r' : '\n';
    const startLine = line;
    if (n === 50) {
      write(cells(n, '0.5,0.25,"NORMAL, ""checked""\r\nby ops"'), ending);
      status.set(n, 'NORMAL, "checked"\r\nby ops');
    } else if (n === 150) {
      write(cells(n, '0.5,0.25,"BROKEN\rsince 09:00"'), ending);
      status.set(n, 'BROKEN\rsince 09:00');
    } else if (n === gapsRecord) {
      write(`${naive(n)},NaN,${n},,n/a,RECOVERING`, ending);
      status.set(n, 'RECOVERING');
    } else if (n === 210) {
      write(`${naive(n)},0.1,${n},0.5`, ending); // short: no sensor_34, no machine_status
      status.set(n, undefined);
      lines.ragged.push(startLine);
    } else if (n === 211) {
      write(cells(n, '0.5,0.25,NORMAL,extra,cells'), ending);
      lines.ragged.push(startLine);
    } else if (n === 220) {
      write(cells(n, `0.5,0.25,${'x'.repeat(2 * 1024 * 1024)}`), ending); // 2 MB: over maxRecordBytes
      lines.oversized.push(startLine);
      continue;
    } else if (n === 230) {
      write(Buffer.concat([Buffer.from(cells(n, '0.5,0.25,NOR')), Buffer.from([0xff, 0xfe]), Buffer.from('MAL')]), ending);
      status.set(n, 'NOR\uFFFD\uFFFDMAL');
      lines.invalidUtf8.push(startLine);
    } else {
      write(cells(n), ending);
    }
    delivered.push(n);
  }
  lines.unterminated.push(line);
  write(cells(301, '0.5,0.25,"never closed'), '\n');
  return { bytes: Buffer.concat(parts), delivered, status, lines, gapsRecord };
}

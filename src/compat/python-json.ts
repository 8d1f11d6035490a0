// The original Flask demo sent `json.dumps(row)` of csv.DictReader rows; /runPredict reproduces its bytes.

/** Python's json.dumps string escaping (ensure_ascii): everything outside printable ASCII as \uXXXX. */
export function pythonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.dumps of a flat object of strings and Nones (null), with its `, ` and `: ` separators. */
export function pythonJsonObject(row: Readonly<Record<string, string | null>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(row)) parts.push(`${pythonString(key)}: ${value === null ? 'null' : pythonString(value)}`);
  return `{${parts.join(', ')}}`;
}

// A small reader of the Markdown this repository writes: fenced blocks (with the HTML comment
// that may mark one), headings and their GitHub anchors, and links. Enough for the link and
// snippet checks of test/docs/, not a general CommonMark parser.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The files a clone has: tracked, plus new ones not ignored (so a file not yet committed counts). */
export function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  const files = out.split('\0').filter((f) => f !== '' && !f.split('/').includes('node_modules'));
  return [...new Set(files)].filter((f) => existsSync(`${ROOT}${f}`)).sort();
}

export interface Fence {
  /** The info string's first word, lowercase (`yaml`, `sh`, …; empty when none). */
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string;
  /** The text of an HTML comment `<!-- snippet: … -->` on the last non-blank line before the fence. */
  marker?: string;
}

export interface MarkdownDoc {
  fences: Fence[];
  /** The text outside fenced blocks, HTML comments and code spans blanked (line breaks kept, so offsets keep their lines). */
  prose: string;
  /** Heading texts, in order. */
  headings: string[];
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;

export function parseMarkdown(text: string): MarkdownDoc {
  const lines = text.split('\n');
  const fences: Fence[] = [];
  const outside: string[] = [];
  let previous = '';
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!);
    if (!open) {
      outside.push(lines[i]!);
      if (lines[i]!.trim() !== '') previous = lines[i]!.trim();
      continue;
    }
    const [, fence, info] = open;
    const close = new RegExp(`^ {0,3}${fence![0] === '`' ? '`' : '~'}{${fence!.length},}\\s*$`);
    const body: string[] = [];
    const start = i;
    outside.push('');
    for (i++; i < lines.length && !close.test(lines[i]!); i++) {
      body.push(lines[i]!);
      outside.push('');
    }
    outside.push('');
    const marker = /^<!--\s*snippet:\s*(.*?)\s*-->$/.exec(previous)?.[1];
    fences.push({ lang: info!.toLowerCase(), line: start + 1, body: body.join('\n'), ...(marker === undefined ? {} : { marker }) });
    previous = '';
  }
  const outsideText = outside.join('\n').replace(/<!--[\s\S]*?-->/g, blank);
  const headings = outsideText
    .split('\n')
    .map((l) => /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(l)?.[1])
    .filter((h): h is string => h !== undefined);
  return { fences, prose: blankCodeSpans(outsideText), headings };
}

function blank(match: string): string {
  return match.replace(/[^\n]/g, ' ');
}

/** Replaces code spans (`` `…` ``, matched by equal runs of backticks) with spaces, keeping line breaks. */
function blankCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text[i++];
      continue;
    }
    let run = 0;
    while (text[i + run] === '`') run++;
    const ticks = '`'.repeat(run);
    let end = text.indexOf(ticks, i + run);
    while (end !== -1 && text[end + run] === '`') end = text.indexOf(ticks, end + run + 1);
    if (end === -1) {
      out += ticks;
      i += run;
      continue;
    }
    out += blank(text.slice(i, end + run));
    i = end + run;
  }
  return out;
}

/**
 * GitHub's anchor for a heading: its text as rendered (code spans keep their text, links their
 * label, HTML tags go), lowercase, every character that is not a letter, mark, number, `_`, `-`
 * or space dropped, and each space turned into `-`.
 */
export function slug(heading: string): string {
  const text = heading
    .split(/(`+[^`]*`+)/)
    .map((part, i) =>
      i % 2 === 1 ? part.replace(/^`+|`+$/g, '') : part.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<\/?[A-Za-z][^>]*>/g, ''),
    )
    .join('');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a document's headings; a repeated heading gets `-1`, `-2`, … as on GitHub. */
export function anchors(headings: readonly string[]): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const heading of headings) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

export interface Link {
  target: string;
  line: number;
  image: boolean;
}

/** Inline links and images, reference definitions, autolinks and HTML src/href, outside code. */
export function links(prose: string): Link[] {
  const found: Link[] = [];
  const lineAt = (offset: number) => prose.slice(0, offset).split('\n').length;
  const add = (target: string, offset: number, image: boolean) => found.push({ target, line: lineAt(offset), image });
  const inline = /(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s)]*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
  for (const m of prose.matchAll(inline)) {
    add(m[3]!.replace(/^<|>$/g, ''), m.index, m[1] === '!');
    // An image inside a link's label: [![alt](image)](target)
    for (const inner of m[2]!.matchAll(/!\[[^\]]*\]\(\s*([^\s)]*)[^)]*\)/g)) add(inner[1]!, m.index, true);
  }
  for (const m of prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*(\S+)/gm)) add(m[1]!.replace(/^<|>$/g, ''), m.index, false);
  for (const m of prose.matchAll(/<((?:https?|mailto):[^>\s]*)>/g)) add(m[1]!, m.index, false);
  for (const m of prose.matchAll(/<(?:img|a|source)\b[^>]*?\b(src|href)="([^"]*)"/g)) add(m[2]!, m.index, m[1] === 'src');
  return found;
}

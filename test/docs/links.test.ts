import { readFileSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, type Link, links, parseMarkdown, ROOT, repositoryFiles } from './markdown.js';

const files = repositoryFiles();
const markdownFiles = files.filter((f) => f.endsWith('.md'));
const directories = new Set(
  files.flatMap((f) =>
    f
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
  ),
);
const docs = new Map(markdownFiles.map((f) => [f, parseMarkdown(readFileSync(`${ROOT}${f}`, 'utf8'))]));
const anchorsOf = new Map([...docs].map(([f, doc]) => [f, anchors(doc.headings)]));

/** Why a link of `file` is broken, or undefined when it is not. */
function problem(file: string, link: Link): string | undefined {
  const { target } = link;
  if (target === '') return 'empty link';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(target);
      if (url.hostname === '' || /\s/.test(target)) return 'malformed URL';
    } catch {
      return 'malformed URL';
    }
    return undefined;
  }
  if (scheme === 'mailto') return /^mailto:[^@\s]+@[^@\s]+$/.test(target) ? undefined : 'malformed mailto';
  if (scheme !== undefined) return `unexpected scheme ${scheme}:`;

  const hash = target.indexOf('#');
  const rawPath = hash === -1 ? target : target.slice(0, hash);
  const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
  let path: string;
  try {
    path = decodeURIComponent(rawPath.replace(/\?.*$/, ''));
  } catch {
    return 'malformed path';
  }
  const resolved =
    path === '' ? file : posix.normalize(path.startsWith('/') ? path.slice(1) : posix.join(dirname(file), path)).replace(/\/$/, '');
  if (resolved.startsWith('..')) return 'points outside the repository';
  const isFile = docs.has(resolved) || files.includes(resolved);
  if (!isFile && !directories.has(resolved)) return `no such file: ${resolved}`;
  if (link.image && !isFile) return `an image must be a file: ${resolved}`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith('.md')) return /^L\d+(-L\d+)?$/.test(anchor) ? undefined : `#${anchor} on a file that is not Markdown`;
  return anchorsOf.get(resolved)!.has(anchor) ? undefined : `no heading for #${anchor} in ${resolved}`;
}

describe('links of the Markdown files', () => {
  it('finds the Markdown files of the repository', () => {
    expect(markdownFiles).toContain('README.md');
    expect(markdownFiles).toContain('docs/configuration.md');
    expect(markdownFiles.some((f) => f.includes('node_modules'))).toBe(false);
  });

  it.each(markdownFiles)('%s: every relative link and image points to a file, every anchor to a heading', (file) => {
    const broken = links(docs.get(file)!.prose)
      .map((link) => ({ line: link.line, target: link.target, problem: problem(file, link) }))
      .filter((b) => b.problem !== undefined);
    expect(broken).toEqual([]);
  });
});

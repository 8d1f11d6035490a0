import { describe, expect, it } from 'vitest';
import { anchors, links, parseMarkdown, slug } from './markdown.js';

describe('slug', () => {
  it.each([
    ['Quick start', 'quick-start'],
    ['The `<realtime-graph>` element', 'the-realtime-graph-element'],
    ['History: `/api/streams/:id/history`', 'history-apistreamsidhistory'],
    ["The original demo's endpoint", 'the-original-demos-endpoint'],
    ['History (`range`)', 'history-range'],
    ['`alerts[]`', 'alerts'],
    ['Failure watch: derived signals, states and alerts', 'failure-watch-derived-signals-states-and-alerts'],
    ['Links to [the docs](docs/README.md)', 'links-to-the-docs'],
    ['snake_case and 60× — fast', 'snake_case-and-60--fast'],
  ])('%s → %s', (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });

  it('numbers repeated headings as GitHub does', () => {
    expect([...anchors(['Notes', 'Notes', 'Other', 'Notes'])]).toEqual(['notes', 'notes-1', 'other', 'notes-2']);
  });
});

describe('parseMarkdown', () => {
  const text = [
    '# Title',
    'See [the guide](docs/guide.md#setup) and ![a picture](docs/shot.png).',
    'Code `[not a link](nowhere.md)` stays code, [a label',
    'over two lines](other.md "with a title").',
    '<!-- [a comment](hidden.md) -->',
    '',
    '<!-- snippet: stream -->',
    '```yaml',
    'history: 120',
    '# not a heading',
    '[not a link](inside-fence.md)',
    '```',
    '',
    '## Second `part`',
    '[![badge](badge.svg)](https://example.com/x) <https://example.org> <img src="docs/logo.png">',
    '[ref]: ../up.md',
    '~~~sh',
    'npm test',
    '~~~',
  ].join('\n');
  const doc = parseMarkdown(text);

  it('reads fences with their language, first line, body and marker', () => {
    expect(doc.fences).toEqual([
      { lang: 'yaml', line: 8, body: 'history: 120\n# not a heading\n[not a link](inside-fence.md)', marker: 'stream' },
      { lang: 'sh', line: 17, body: 'npm test' },
    ]);
  });

  it('reads headings outside fences, with their code spans', () => {
    expect(doc.headings).toEqual(['Title', 'Second `part`']);
  });

  it('finds links and images outside code, fences and comments, with their lines', () => {
    expect(links(doc.prose)).toEqual([
      { target: 'docs/guide.md#setup', line: 2, image: false },
      { target: 'docs/shot.png', line: 2, image: true },
      { target: 'other.md', line: 3, image: false },
      { target: 'https://example.com/x', line: 15, image: false },
      { target: 'badge.svg', line: 15, image: true },
      { target: '../up.md', line: 16, image: false },
      { target: 'https://example.org', line: 15, image: false },
      { target: 'docs/logo.png', line: 15, image: true },
    ]);
  });
});

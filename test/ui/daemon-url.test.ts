import { describe, expect, it } from 'vitest';
import { daemonUrl, eventsUrl, scopeKey } from '../../src/ui/daemon-url.js';

const PAGE = 'https://dash.example.com/board/index.html';

describe('daemon URLs', () => {
  it('builds paths on the page origin, under a server with a path prefix, with the token in the query', () => {
    expect(daemonUrl({ server: '', token: '' }, '/api/streams', PAGE)).toBe('https://dash.example.com/api/streams');
    expect(daemonUrl({ server: 'https://rtg.example.com/graphs', token: 'a b&c' }, '/api/streams', PAGE)).toBe(
      'https://rtg.example.com/graphs/api/streams?access_token=a+b%26c',
    );
    expect(eventsUrl({ server: 'http://127.0.0.1:5001/', token: '' }, 'pump 1/x', PAGE)).toBe(
      'http://127.0.0.1:5001/api/streams/pump%201%2Fx/events',
    );
  });

  it('gives one scope key per daemon and token', () => {
    const keys = [
      scopeKey({ server: 'http://127.0.0.1:5001', token: '' }, PAGE),
      scopeKey({ server: 'http://127.0.0.1:5001/', token: '' }, PAGE),
      scopeKey({ server: 'http://127.0.0.1:5002', token: '' }, PAGE),
      scopeKey({ server: 'http://127.0.0.1:5001', token: 't' }, PAGE),
    ];
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(3);
  });
});

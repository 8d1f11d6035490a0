import { connect, type Socket } from 'node:net';

/**
 * A client that sends a GET for an event stream and then never reads: its socket is paused, so
 * the kernel buffers fill and the server's writes to it back up, as with a stalled browser tab.
 */
export function stalledClient(url: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
      socket.pause();
      resolve({ socket, closed });
    });
    const closed = new Promise<string>((done) => {
      socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
      socket.on('close', () => done('close'));
    });
    socket.once('error', reject);
  });
}

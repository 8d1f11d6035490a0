// A real Mosquitto broker for the MQTT tests: its own directory, config, users, certificates and
// loopback ports; started in the background, and stopped by the PID it wrote.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the MQTT tests were given: a broker, or the one-line reason there is none. */
export interface MqttBrokerInfo {
  missing?: string;
  dir?: string;
  config?: string;
  /** Anonymous clients. */
  port?: number;
  /** Only `user` with `password`. */
  authPort?: number;
  /** TLS with a certificate signed by `caFile`, anonymous clients. */
  tlsPort?: number;
  user?: string;
  password?: string;
  caFile?: string;
  logFile?: string;
  pidFile?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    mqtt: MqttBrokerInfo;
  }
}

export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';

export function mosquittoMissing(): string | undefined {
  const probe = spawnSync(MOSQUITTO, ['-h'], { stdio: 'ignore', timeout: 10_000 });
  // `mosquitto -h` prints its usage and exits 3
  return probe.error ? 'mosquitto is not installed (apt-get install mosquitto)' : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Writes the broker's directory: config, password file, a CA and a server certificate for 127.0.0.1. */
export async function prepareBroker(): Promise<MqttBrokerInfo> {
  const dir = await mkdtemp(join(tmpdir(), 'rtg-mosquitto-'));
  const [port, authPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
  const info: MqttBrokerInfo = {
    dir,
    port,
    authPort,
    tlsPort,
    user: 'rtg',
    password: `pw-${Math.random().toString(36).slice(2)}`,
    caFile: join(dir, 'ca.crt'),
    logFile: join(dir, 'mosquitto.log'),
    pidFile: join(dir, 'mosquitto.pid'),
    config: join(dir, 'mosquitto.conf'),
  };
  await mkdir(join(dir, 'data'));
  execFileSync('mosquitto_passwd', ['-b', '-c', join(dir, 'passwd'), info.user!, info.password!], { stdio: 'ignore' });
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=rtg test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  await writeFile(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  await writeFile(
    info.config!,
    [
      'per_listener_settings true',
      `pid_file ${info.pidFile}`,
      'persistence true',
      `persistence_location ${join(dir, 'data')}/`,
      'autosave_interval 1',
      `log_dest file ${info.logFile}`,
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'connection_messages true',
      'max_queued_messages 100000',
      '',
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      '',
      `listener ${authPort} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${join(dir, 'passwd')}`,
      '',
      `listener ${tlsPort} 127.0.0.1`,
      'allow_anonymous true',
      `cafile ${join(dir, 'ca.crt')}`,
      `certfile ${join(dir, 'server.crt')}`,
      `keyfile ${join(dir, 'server.key')}`,
      '',
    ].join('\n'),
  );
  // The trap: started as root, Mosquitto drops to its own user, and a directory that user cannot
  // write makes it lose sessions and queued messages on restart (the log says "Permission denied").
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'mosquitto']).toString());
    const gid = Number(execFileSync('id', ['-g', 'mosquitto']).toString());
    for (const name of ['', 'data', 'passwd', 'ca.crt', 'server.crt', 'server.key', 'mosquitto.conf'])
      await chown(join(dir, name), uid, gid);
  }
  return info;
}

export function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`mosquitto: timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function brokerPid(info: MqttBrokerInfo): Promise<number | undefined> {
  const text = await readFile(info.pidFile!, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the broker in the background; resolves when every listener accepts connections. */
export async function startBroker(info: MqttBrokerInfo): Promise<void> {
  const result = spawnSync(MOSQUITTO, ['-c', info.config!, '-d'], { encoding: 'utf8', timeout: 20_000 });
  if (result.status !== 0) throw new Error(`mosquitto did not start: ${result.stderr || result.stdout}`);
  for (const port of [info.port!, info.authPort!, info.tlsPort!]) await until(() => answers(port), `port ${port} answers`);
  const log = await brokerLog(info);
  if (/Permission denied/i.test(log)) throw new Error(`mosquitto cannot write its directory ${info.dir}:\n${log}`);
}

/** Stops the broker (SIGTERM: it saves its sessions and queued messages first) by the PID it wrote. */
export async function stopBroker(info: MqttBrokerInfo): Promise<void> {
  const pid = await brokerPid(info);
  if (pid === undefined || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  await until(() => !alive(pid), `mosquitto (pid ${pid}) exits`);
}

export function brokerLog(info: MqttBrokerInfo): Promise<string> {
  return readFile(info.logFile!, 'utf8').catch(() => '');
}

export async function removeBroker(info: MqttBrokerInfo): Promise<void> {
  await stopBroker(info);
  await rm(info.dir!, { recursive: true, force: true });
}

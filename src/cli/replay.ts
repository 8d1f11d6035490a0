// `realtime-graph replay <stream> …`: controls a file replay on a running daemon, or shows its state.
import { print, UsageError } from './command.js';
import type { ReplayFlags } from './replay-client.js';

/** Prints the replay's state after the command; exit code 0 (a refusal or an unreachable daemon throws). */
export async function replay(args: string[], values: ReplayFlags & { server?: string; token?: string }): Promise<number> {
  const { describeReplay, replayCommandOf, sendReplay } = await import('./replay-client.js');
  if (args.length !== 1) throw new UsageError('replay takes one stream id');
  const token = values.token ?? process.env.RTG_OPERATOR_TOKEN;
  if (!token) throw new UsageError('replay needs the operator token: set RTG_OPERATOR_TOKEN (or --token)');
  let command: ReturnType<typeof replayCommandOf>;
  try {
    command = replayCommandOf(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const server = values.server ?? process.env.RTG_SERVER ?? 'http://127.0.0.1:5001';
  return print(`${describeReplay(args[0]!, await sendReplay(server, args[0]!, command, token))}\n`);
}

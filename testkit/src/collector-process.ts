import { spawn, type ChildProcess } from 'node:child_process';

export interface CollectorProcessOptions {
  /** The collector package's folder (where `src/main.ts` is). */
  dir: string;
  /** The whole environment of the child: nothing is inherited that is not passed here. */
  env: Record<string, string | undefined>;
  /** How long it may take to print its "listening on" line. */
  timeoutMs?: number;
  /** Node's arguments, in `dir`; default `--import tsx src/main.ts` (the production start: `bin/loupe.mjs`). */
  args?: string[];
}

export interface CollectorProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** What it printed to stdout alone (its log). */
  stdout(): string;
  /** SIGTERM, as an operator stops it (SIGKILL after 15 s); resolves with its exit code. */
  stop(): Promise<number | null>;
  /** kill -9: what a crash looks like. */
  kill(): Promise<void>;
}

/**
 * Starts the collector as users do (`node --import tsx src/main.ts`) and waits for its
 * "listening on" line; fails with what it printed if it exits or hangs first. Its output keeps
 * being read, so a chatty collector never blocks on a full pipe.
 */
export async function spawnCollector(o: CollectorProcessOptions): Promise<CollectorProcess> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, o.args ?? ['--import', 'tsx', 'src/main.ts'], {
    cwd: o.dir,
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  const collect = (d: Buffer) => (out += d.toString());
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  // 'close', not 'exit': by then everything it printed has been read.
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`collector did not start within ${timeoutMs} ms:\n${out.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${code} before listening:\n${out.slice(-2000)}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './paths.ts';
import { scratchDir } from './scratch-dir.ts';

/**
 * Runs a bench script in a child process (`node --import tsx`) and answers the JSON it wrote. chDB
 * binds one data folder per process, so every measurement that needs its own folder runs in one.
 * The child gets its input as JSON in argv and writes its answer to the file named in argv.
 */
export async function runChild<T>(script: string, input: unknown, timeoutMs: number): Promise<T> {
  const dir = scratchDir('child');
  const out = join(dir, 'result.json');
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(BENCH_DIR, 'src', script), JSON.stringify(input), out],
      {
        cwd: BENCH_DIR,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    clearTimeout(timer);
    if (code !== 0)
      throw new Error(
        `${script} exited with ${code ?? 'a signal (timed out?)'}: ${stderr.trim().split('\n').slice(-6).join(' | ')}`,
      );
    return JSON.parse(readFileSync(out, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child's side: its input, and how to hand back its answer. */
export function childIo<I>(): { input: I; done(result: unknown): void } {
  const [raw, out] = process.argv.slice(2);
  if (!raw || !out) throw new Error('usage: node --import tsx <script> <input json> <output file>');
  return {
    input: JSON.parse(raw) as I,
    done(result) {
      // Written whole then exit: chDB's background threads must not keep the process alive.
      import('node:fs').then(({ writeFileSync }) => {
        writeFileSync(out, JSON.stringify(result));
        process.exit(0);
      });
    },
  };
}

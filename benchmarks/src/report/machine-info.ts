import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, type } from 'node:os';
import { CHROMIUM } from '../util/paths.ts';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

export function machineInfo(): MachineInfo {
  let chromium = 'Chromium: not found';
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    // Reported as not found; the browser parts say what that costs them.
  }
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium,
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A worker process and the JSON it printed last, once it exits (rejects with its stderr when it fails). */
export interface Worker<T> {
  child: ChildProcess;
  done: Promise<T>;
}

/**
 * Runs a worker fixture (a path from the repository root) in its own Node process through tsx, with `env` added to
 * this process's environment: how tests stand up several app instances that share one store.
 */
export function spawnWorker<T>(fixture: string, env: Record<string, string>): Worker<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<T>((resolve, reject) => {
    child.on('close', (code, signal) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]'));
      else reject(new Error(`worker exited ${code ?? signal}: ${stderr}`));
    });
  });
  return { child, done };
}

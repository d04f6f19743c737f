// Running the real binary in a benchmark: wall time and the peak RSS of the whole process.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'tokpeek.js');

/**
 * Runs bin/tokpeek.js with `args`; resolves with seconds, the peak RSS of the process (all its
 * threads, sampled from /proc every 50 ms) and stdout. `write` runs it outside CI mode (CI mode
 * never writes snapshots); `env` adds variables; `nodeArgs` go to node (e.g. a heap cap).
 */
export function runMeasured(args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: Object.fromEntries(
        Object.entries({ ...process.env, CI: '1', NO_COLOR: '1', ...options.env }).filter(
          ([k]) => !(options.write && k === 'CI'),
        ),
      ),
    });
    let out = '';
    let err = '';
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {}
    }, 50);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`tokpeek ${args[0]} exited ${code}: ${err}`));
      resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, peak, out });
    });
  });
}

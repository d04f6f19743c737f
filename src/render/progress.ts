// A one-line progress bar with throughput and ETA, for stderr in a terminal. Pure formatting.

import { formatBytes, thousands } from '../core/quantities.js';

export interface ProgressState {
  /** Work done and total, in bytes of input (or samples when `unit` is 'samples'). */
  done: number;
  total: number;
  unit: 'bytes' | 'samples';
  samples: number;
  elapsedMs: number;
  label: string;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

export function formatProgress(p: ProgressState, width: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.done / seconds : 0;
  const eta = rate > 0 ? (p.total - p.done) / rate : NaN;
  const amount =
    p.unit === 'bytes'
      ? `${formatBytes(p.done)}/${formatBytes(p.total)} ${formatBytes(rate)}/s`
      : `${thousands(p.done)}/${thousands(p.total)}`;
  const tail = ` ${String(Math.floor(fraction * 100)).padStart(3)}% ${amount} ETA ${clock(eta)} · ${thousands(p.samples)} samples`;
  const barWidth = Math.max(10, Math.min(40, width - tail.length - p.label.length - 4));
  const filled = Math.round(fraction * barWidth);
  return `${p.label} [${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]${tail}`.slice(0, Math.max(20, width - 1));
}

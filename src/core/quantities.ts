// How counts and shares read in every output: `1,234 tokens`, `1 change`, `12.5%`.

/** `1234` → `1,234` (the same grouping on every machine); `digits` fixes the decimals: `1,234.50`. */
export function thousands(n: number, digits?: number): string {
  return digits === undefined
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A statistic that may be missing (no samples to take it from): `–`, else as thousands(). */
export function statistic(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined ? '–' : thousands(n, digits);
}

/** `3 changes`, `1 change`; `many` for irregular plurals (`corpus` → `corpora`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${thousands(n)} ${n === 1 ? one : many}`;
}

/**
 * A share as a percentage: two decimals below 10%, one above, `<0.01%` for what would round to
 * 0; or with `digits` decimals, as a column of shares that must read apart needs.
 */
export function pct(x: number, digits?: number): string {
  if (digits !== undefined) return x === 1 ? '100%' : `${(100 * x).toFixed(digits)}%`;
  if (x === 0) return '0%';
  if (x < 0.0001) return '<0.01%';
  return `${(100 * x).toFixed(x < 0.1 ? 2 : 1)}%`;
}

/** A size or a rate in bytes: `512 B`, `12.5 KiB`, `8.0 MiB`. */
export function formatBytes(n: number): string {
  return n >= 1 << 20
    ? `${(n / (1 << 20)).toFixed(1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${Math.round(n)} B`; // a rate is fractional: 603 B/s, not 602.7622492601118 B/s
}

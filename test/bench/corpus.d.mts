// Types of corpus.mjs (plain JS, shared by the benchmarks and the tests).

/** Lines of real text (Moby Dick, State of the Union), at most `targetBytes` UTF-8 bytes in all. */
export function benchLines(targetBytes?: number): string[];
/** benchLines() written to a .txt file in the temp folder; its path and size. */
export function benchCorpusFile(targetBytes?: number): { file: string; bytes: number };
/** How long `fn` takes, and what it returns (a token count). */
export function time(fn: () => Promise<number> | number): Promise<{ ms: number; tokens: number }>;
/** Runs `encode` over `lines` in batches of 256; the total of the counts it returns. */
export function batched(lines: string[], encode: (batch: string[]) => Promise<number[]> | number[]): Promise<number>;

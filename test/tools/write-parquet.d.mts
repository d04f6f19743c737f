// Types of write-parquet.mjs (plain JS, also run by hand).

/** Writes a Parquet file of UTF-8 string columns; `rowGroupSize` rows per row group (default: all). */
export function writeParquet(
  file: string,
  options: { columns: string[]; rows: Array<Record<string, string>>; rowGroupSize?: number },
): void;

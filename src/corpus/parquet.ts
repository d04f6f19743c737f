// Parquet corpora through hyparquet (pure JS), one row group at a time so memory holds a
// row group, not the file. Rows are numbered from 1.

import { regularFile } from '../contained-path.js';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { InputError, fileError } from '../errors.js';

interface ParquetRow {
  record: Record<string, unknown>;
  /** 1-based row number. */
  row: number;
  /** Fraction of the file read so far, as bytes (for progress). */
  end: number;
}

/** Column names at the top of the schema. */
function topColumns(schema: { children: Array<{ element: { name: string } }> }): string[] {
  return schema.children.map((c) => c.element.name);
}

export async function* readParquet(
  file: string,
  wanted: (columns: string[]) => string[] | undefined,
): AsyncGenerator<ParquetRow> {
  let size: number;
  try {
    size = regularFile(file).size;
  } catch (e) {
    throw fileError(file, e);
  }
  const buffer = await asyncBufferFromFile(file);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw new InputError(file, `not a readable Parquet file (${(e as Error).message})`);
  }
  const columns = wanted(topColumns(parquetSchema(metadata) as any));
  let rowStart = 0;
  const total = Number(metadata.num_rows);
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, columns, compressors });
    } catch (e) {
      throw new InputError(`${file} row ${rowStart + 1}`, `cannot read the row group (${(e as Error).message})`);
    }
    for (let i = 0; i < rows.length; i++) {
      yield {
        record: rows[i]!,
        row: rowStart + i + 1,
        end: total ? Math.round((size * (rowStart + i + 1)) / total) : size,
      };
    }
    rowStart = rowEnd;
  }
}

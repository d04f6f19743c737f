// What the bulk path returns with a BpeTable: ids at once, token strings only when asked.

import type { RawEncoding } from '../core/token-model.js';
import type { BpeTable } from './bpe-table.js';

/** An encoding of the table path: pieces from the table on demand; `unchanged` as MemoEncoder tracks it. */
export class TableEncoding implements RawEncoding {
  private looked: string[] | undefined;

  constructor(
    readonly ids: number[],
    readonly inserted: boolean[],
    private readonly table: BpeTable,
    readonly unchanged: boolean,
  ) {}

  get pieces(): string[] {
    return (this.looked ??= this.ids.map((id) => this.table.piece(id)));
  }

  set pieces(value: string[]) {
    this.looked = value;
  }

  /** One token's string, without spelling the others (check's workers spell only ids new to them). */
  pieceAt(index: number): string {
    return this.looked ? this.looked[index]! : this.table.piece(this.ids[index]!);
  }
}

// A minimal Parquet writer for test fixtures: flat schemas of UTF-8 string columns (REQUIRED),
// PLAIN encoding, uncompressed, one data page per column chunk, several row groups. Written
// from the Parquet format spec (thrift compact protocol) so the reader under test, hyparquet,
// is checked against files it did not write. Usage:
//   writeParquet(file, { columns: ['text'], rows: [{ text: 'a' }, ...], rowGroupSize: 2 })

import fs from 'node:fs';

class Compact {
  bytes = [];
  last = [0];
  varint(n) {
    let v = BigInt(n);
    while (v >= 0x80n) {
      this.bytes.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  zigzag(n) {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  field(id, type) {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id, v) {
    this.field(id, 5);
    this.zigzag(v);
  }
  i64(id, v) {
    this.field(id, 6);
    this.zigzag(v);
  }
  string(id, s) {
    this.field(id, 8);
    const b = Buffer.from(s, 'utf8');
    this.varint(b.length);
    this.bytes.push(...b);
  }
  struct(id, write) {
    if (id !== null) this.field(id, 12);
    this.last.push(0);
    write(this);
    this.bytes.push(0);
    this.last.pop();
  }
  list(id, type, items, write) {
    this.field(id, 9);
    if (items.length < 15) this.bytes.push((items.length << 4) | type);
    else {
      this.bytes.push(0xf0 | type);
      this.varint(items.length);
    }
    for (const item of items) write(this, item);
  }
}

export function writeParquet(file, { columns, rows, rowGroupSize = rows.length }) {
  const parts = [Buffer.from('PAR1')];
  let offset = 4;
  const rowGroups = [];
  for (let start = 0; start < rows.length; start += rowGroupSize) {
    const group = rows.slice(start, start + rowGroupSize);
    const chunks = [];
    for (const name of columns) {
      const values = group.map((r) => Buffer.from(String(r[name]), 'utf8'));
      const data = Buffer.concat(values.flatMap((v) => [Buffer.from(Uint32Array.of(v.length).buffer), v]));
      const header = new Compact();
      header.struct(null, (h) => {
        h.i32(1, 0); // DATA_PAGE
        h.i32(2, data.length);
        h.i32(3, data.length);
        h.struct(5, (d) => {
          d.i32(1, values.length);
          d.i32(2, 0); // PLAIN
          d.i32(3, 3); // RLE
          d.i32(4, 3);
        });
      });
      const page = Buffer.concat([Buffer.from(header.bytes), data]);
      chunks.push({ name, offset, size: page.length, count: values.length });
      parts.push(page);
      offset += page.length;
    }
    rowGroups.push({ chunks, rows: group.length });
  }
  const meta = new Compact();
  meta.struct(null, (m) => {
    m.i32(1, 1);
    m.list(2, 12, [{ root: true }, ...columns.map((name) => ({ name }))], (c, el) =>
      c.struct(null, (s) => {
        if (el.root) {
          s.string(4, 'schema');
          s.i32(5, columns.length);
        } else {
          s.i32(1, 6); // BYTE_ARRAY
          s.i32(3, 0); // REQUIRED
          s.string(4, el.name);
          s.i32(6, 0); // UTF8
        }
      }),
    );
    m.i64(3, rows.length);
    m.list(4, 12, rowGroups, (c, rg) =>
      c.struct(null, (g) => {
        g.list(1, 12, rg.chunks, (cc, ch) =>
          cc.struct(null, (col) => {
            col.i64(2, ch.offset);
            col.struct(3, (md) => {
              md.i32(1, 6);
              md.list(2, 5, [0, 3], (x, e) => x.zigzag(e));
              md.list(3, 8, [ch.name], (x, s) => {
                const b = Buffer.from(s, 'utf8');
                x.varint(b.length);
                x.bytes.push(...b);
              });
              md.i32(4, 0); // UNCOMPRESSED
              md.i64(5, ch.count);
              md.i64(6, ch.size);
              md.i64(7, ch.size);
              md.i64(9, ch.offset);
            });
          }),
        );
        g.i64(
          2,
          rg.chunks.reduce((a, c) => a + c.size, 0),
        );
        g.i64(3, rg.rows);
      }),
    );
    m.string(6, 'tokpeek test/tools/write-parquet.mjs');
  });
  const footer = Buffer.from(meta.bytes);
  parts.push(footer, Buffer.from(Uint32Array.of(footer.length).buffer), Buffer.from('PAR1'));
  fs.writeFileSync(file, Buffer.concat(parts));
}

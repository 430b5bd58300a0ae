// The visited states: each state's canonical bytes (canon.ts) in one growing arena, found
// again through an open-addressing table of 32-bit hashes. Exact: a hash match is confirmed
// byte by byte. Per state: its bytes, its offset and hash (8 bytes), its parent and the action
// that led there (8 bytes), and a table slot.

const EMPTY = 0;

export class StateSet {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  /** start of state i's bytes; state i ends where i + 1 starts */
  private start = new Int32Array(1 << 10);
  private hashes = new Int32Array(1 << 10);
  /** slot -> state id + 1 (0: empty) */
  private table = new Int32Array(1 << 11);
  private mask = (1 << 11) - 1;
  size = 0;
  /** whether the last add() added its state */
  added = false;

  /** bytes held, for the memory report */
  bytes(): number {
    return this.used + this.start.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  private static hash(b: Uint8Array, n: number): number {
    let h = 0x811c9dc5 ^ n;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  private same(id: number, b: Uint8Array, n: number): boolean {
    const at = this.start[id]!;
    if (this.end(id) - at !== n) return false;
    const a = this.arena;
    for (let i = 0; i < n; i++) if (a[at + i] !== b[i]) return false;
    return true;
  }

  private end(id: number): number {
    return id + 1 < this.size ? this.start[id + 1]! : this.used;
  }

  /** whether state `id` has exactly these bytes */
  is(id: number, b: Uint8Array, n: number): boolean {
    return this.same(id, b, n);
  }

  /** the id of the state with these bytes, adding it when new (then `added` is true) */
  add(b: Uint8Array, n: number): number {
    const h = StateSet.hash(b, n);
    let slot = h & this.mask;
    for (;;) {
      const e = this.table[slot]!;
      if (e === EMPTY) break;
      if (this.hashes[e - 1] === h && this.same(e - 1, b, n)) {
        this.added = false;
        return e - 1;
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    if (id >= this.start.length) {
      this.start = grow32(this.start, this.start.length * 2);
      this.hashes = grow32(this.hashes, this.hashes.length * 2);
    }
    if (this.used + n > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + n));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    this.arena.set(b.subarray(0, n), this.used);
    this.start[id] = this.used;
    this.used += n;
    this.hashes[id] = h;
    this.table[slot] = id + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    this.added = true;
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id]! & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

function grow32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

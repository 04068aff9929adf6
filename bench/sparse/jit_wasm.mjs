// Emits a WebAssembly module specialised to one sparse layer's weights (the
// experiment of bench/sparse/jit_gemv.mjs): y = act(W x + b) at batch 1,
// where every nonzero of W becomes straight-line code whose input load
// carries the nonzero's column as its immediate offset (`f32.load
// offset=4*column` from the input base): no index load, no address add.
//
// The module imports the caller's memory (env.memory) and exports
// `gemv(x, w, y)` (and its parts b0, b1, ...): x, y are byte addresses of the input and output vectors,
// w of the layer's weight stream (the values in the order the code reads
// them, `stream` below; unused by the `const` variants, whose weights are
// immediates). Variants (variant.kind):
//   scalar-const  per row one f32 accumulator (bias, then the nonzeros in
//                 column order), weights as f32.const; `rows` rows
//                 interleaved nonzero by nonzero for independent chains.
//   scalar-stream the same, weights read from the stream at immediate offsets.
//   rows4         4 rows in the 4 lanes of a vector: per step lane j takes the
//                 k-th nonzero of row j (v128.load32_zero + 3 load32_lane, each
//                 with the column as offset), times 4 stream weights, added to
//                 the group's accumulator (which starts at the 4 biases); rows
//                 shorter than the group's longest are padded with zero weights
//                 reading column 0; `groups` groups interleaved. Rows are taken
//                 in order of nonzero count, so a group's rows are about equally
//                 long, and each lane is stored to its own row.
//                 (variant.constWeights: the 4 weights as a v128.const instead.)
//   cols4         the same groups of 4 rows, but per step one column where
//                 any of them has a nonzero: x[col] splatted (v128.load32_splat,
//                 no lane inserts) times the 4 rows' weights at that column
//                 (zeros where a row has none): no shuffles, more steps (at
//                 90% zeros ~34% of a group's columns, 1.16 nonzeros each).
// Every lane/row sums bias + w0*x0 + w1*x1 + ... in column order, one f32
// rounding per multiply and per add: the result equals a sequential float32
// reference bit for bit (padding adds 0 * x, which changes nothing for finite
// x; the runtime's non-finite fix-up covers the rest, as for its kernels).
// Functions hold at most `rowsPerFunction` rows; the exported gemv calls them in
// turn, which bounds V8's per-function size and lets it compile them in parallel.

const SIMD = 0xfd;

function uleb(out, value) {
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
}

function sleb(out, value) {
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

const f32bytes = new Uint8Array(4);
const f32view = new DataView(f32bytes.buffer);
function f32const(out, value) {
  f32view.setFloat32(0, value, true);
  out.push(0x43, f32bytes[0], f32bytes[1], f32bytes[2], f32bytes[3]);
}

function section(out, id, body) {
  out.push(id);
  uleb(out, body.length);
  for (const byte of body) out.push(byte);
}

function vector(items) {
  const out = [];
  uleb(out, items.length);
  for (const item of items) out.push(...item);
  return out;
}

function name(text) {
  const out = [];
  uleb(out, text.length);
  for (const ch of text) out.push(ch.charCodeAt(0));
  return out;
}

// Param locals: 0 = x, 1 = w, 2 = y; declared locals start at 3.
const X = 0;
const W = 1;
const Y = 2;

function memarg(out, alignLog2, offset) {
  out.push(alignLog2);
  uleb(out, offset);
}

// Row lists: for row o, its nonzero columns and values in column order.
export function rowsOf(weights, outFeatures, inFeatures) {
  const rows = [];
  for (let o = 0; o < outFeatures; o++) {
    const cols = [];
    const vals = [];
    for (let i = 0; i < inFeatures; i++) {
      const v = weights[o * inFeatures + i];
      if (v !== 0) {
        cols.push(i);
        vals.push(v);
      }
    }
    rows.push({ o, cols, vals });
  }
  return rows;
}

// Checkpoints: every `variant.checkpoint` steps each accumulator is stored to
// the scratch words at the start of the weight stream (offset 0..; emitLayer
// reserves them). Why: V8's TurboFan keeps the loads in program order (they
// are on the effect chain) but schedules the pure multiplies and adds as late
// as possible, i.e. next to the final stores, so in a straight-line body every
// loaded input stays live to the end and is spilled (measured: ~40x slower
// than Liftoff's code). A store is an effect: it pins the sums computed so far
// before the loads that follow it, bounding the live values to one stretch.
const SCRATCH_BYTES = 16 * 64;
function checkpointScalar(code, chains) {
  for (let r = 0; r < chains; r++) {
    code.push(0x20, W, 0x20);
    uleb(code, 3 + r);
    code.push(0x38);
    memarg(code, 2, 4 * r);
  }
}
function checkpointVector(code, groups) {
  for (let g = 0; g < groups; g++) {
    code.push(0x20, W, 0x20);
    uleb(code, 3 + g);
    code.push(SIMD);
    uleb(code, 0x0b); // v128.store
    memarg(code, 4, 16 * g);
  }
}

// Body of one function over `block` (rows), appending its weights to stream.
function scalarBody(block, variant, bias, relu, stream) {
  const code = [];
  const chains = block.length;
  // locals: `chains` f32 accumulators
  const locals = [];
  uleb(locals, 1);
  uleb(locals, chains);
  locals.push(0x7d);
  const acc = (r) => 3 + r;
  for (let r = 0; r < chains; r++) {
    f32const(code, bias[block[r].o]);
    code.push(0x21);
    uleb(code, acc(r));
  }
  const longest = Math.max(...block.map((row) => row.cols.length));
  for (let k = 0; k < longest; k++) {
    for (let r = 0; r < chains; r++) {
      const row = block[r];
      if (k >= row.cols.length) continue;
      code.push(0x20, X, 0x2a);
      memarg(code, 2, 4 * row.cols[k]);
      if (variant.kind === 'scalar-const') {
        f32const(code, row.vals[k]);
      } else {
        code.push(0x20, W, 0x2a);
        memarg(code, 2, 4 * stream.length);
        stream.push(row.vals[k]);
      }
      code.push(0x94); // f32.mul
      code.push(0x20);
      uleb(code, acc(r));
      code.push(0x92); // f32.add
      code.push(0x21);
      uleb(code, acc(r));
    }
    if (variant.checkpoint && (k + 1) % variant.checkpoint === 0) checkpointScalar(code, chains);
  }
  for (let r = 0; r < chains; r++) {
    code.push(0x20, Y, 0x20);
    uleb(code, acc(r));
    if (relu) {
      f32const(code, 0);
      code.push(0x97); // f32.max (NaN propagates)
    }
    code.push(0x38);
    memarg(code, 2, 4 * block[r].o);
  }
  code.push(0x0b);
  return [...locals, ...code];
}

function rows4Body(block, variant, bias, relu, stream) {
  // block: rows in groups of 4 consecutive entries (the last group padded by
  // null rows), `groups` groups interleaved.
  const groups = block.length / 4;
  const code = [];
  const locals = [];
  uleb(locals, 1);
  uleb(locals, groups);
  locals.push(0x7b); // v128
  const acc = (g) => 3 + g;
  // per group its steps, each 4 lanes { col, val }: rows4 the k-th nonzero of
  // each row (col 0 / val 0 past a row's end); cols4 each column where one of
  // the 4 rows has a nonzero, every lane at that column (val 0 where a row
  // has none)
  const stepLists = Array.from({ length: groups }, (_, g) => {
    const rows = block.slice(4 * g, 4 * g + 4);
    if (variant.kind === 'cols4') {
      const columns = [...new Set(rows.flatMap((row) => (row ? row.cols : [])))].sort((a, b) => a - b);
      return columns.map((col) => rows.map((row) => {
        const at = row ? row.cols.indexOf(col) : -1;
        return { col, val: at >= 0 ? row.vals[at] : 0 };
      }));
    }
    const length = Math.max(...rows.map((row) => (row ? row.cols.length : 0)));
    return Array.from({ length }, (_, k) => rows.map((row) =>
      (row && k < row.cols.length ? { col: row.cols[k], val: row.vals[k] } : { col: 0, val: 0 })));
  });
  const longest = (g) => stepLists[g].length;
  for (let g = 0; g < groups; g++) {
    // the 4 biases from the stream
    code.push(0x20, W, SIMD);
    uleb(code, 0x00);
    memarg(code, 4, 4 * stream.length);
    for (let j = 0; j < 4; j++) {
      const row = block[4 * g + j];
      stream.push(row ? bias[row.o] : 0);
    }
    code.push(0x21);
    uleb(code, acc(g));
  }
  const steps = Math.max(...Array.from({ length: groups }, (_, g) => longest(g)));
  for (let k = 0; k < steps; k++) {
    for (let g = 0; g < groups; g++) {
      if (k >= longest(g)) continue;
      const lanes = stepLists[g][k];
      // push 4 addresses, then zero-load lane 0 and insert lanes 1..3
      // (variant.xAddress: the input's address is a constant, i32.const 0 +
      // offset, instead of the x parameter)
      const xBase = variant.xAddress === undefined ? [0x20, X] : [0x41, 0x00];
      const xOffset = variant.xAddress ?? 0;
      if (variant.kind === 'cols4') {
        code.push(...xBase, SIMD);
        uleb(code, 0x09); // v128.load32_splat: x[col] in every lane
        memarg(code, 2, xOffset + 4 * lanes[0].col);
      } else {
        for (let j = 0; j < 4; j++) code.push(...xBase);
        code.push(SIMD);
        uleb(code, 0x5c); // v128.load32_zero
        memarg(code, 2, xOffset + 4 * lanes[0].col);
        for (let j = 1; j < 4; j++) {
          code.push(SIMD);
          uleb(code, 0x56); // v128.load32_lane
          memarg(code, 2, xOffset + 4 * lanes[j].col);
          code.push(j);
        }
      }
      if (variant.constWeights) {
        code.push(SIMD);
        uleb(code, 0x0c); // v128.const: the 4 weights as an immediate
        for (const lane of lanes) {
          f32view.setFloat32(0, lane.val, true);
          code.push(f32bytes[0], f32bytes[1], f32bytes[2], f32bytes[3]);
        }
      } else {
        code.push(0x20, W, SIMD);
        uleb(code, 0x00); // v128.load
        memarg(code, 4, 4 * stream.length);
        for (const lane of lanes) stream.push(lane.val);
      }
      code.push(SIMD);
      uleb(code, 0xe6); // f32x4.mul
      code.push(0x20);
      uleb(code, acc(g));
      code.push(SIMD);
      uleb(code, 0xe4); // f32x4.add
      code.push(0x21);
      uleb(code, acc(g));
    }
    if (variant.checkpoint && (k + 1) % variant.checkpoint === 0) checkpointVector(code, groups);
  }
  for (let g = 0; g < groups; g++) {
    if (relu) {
      // f32x4.pmax(acc, 0) = acc < 0 ? 0 : acc: a NaN stays NaN
      code.push(0x20);
      uleb(code, acc(g));
      code.push(SIMD);
      uleb(code, 0x0c); // v128.const 0
      for (let i = 0; i < 16; i++) code.push(0);
      code.push(SIMD);
      uleb(code, 0xeb); // f32x4.pmax
      code.push(0x21);
      uleb(code, acc(g));
    }
    for (let j = 0; j < 4; j++) {
      const row = block[4 * g + j];
      if (!row) continue;
      code.push(0x20, Y, 0x20);
      uleb(code, acc(g));
      code.push(SIMD);
      uleb(code, 0x5a); // v128.store32_lane
      memarg(code, 2, 4 * row.o);
      code.push(j);
    }
  }
  code.push(0x0b);
  return [...locals, ...code];
}

// variant: { kind, rows (scalar: rows interleaved), groups (rows4),
// rowsPerFunction }. Returns { bytes: Uint8Array, stream: Float32Array,
// functions }.
export function emitLayer(rows, bias, relu, variant) {
  const stream = new Array(SCRATCH_BYTES / 4).fill(0);
  const bodies = [];
  if (variant.kind === 'rows4' || variant.kind === 'cols4') {
    // rows by nonzero count (stable), in groups of 4
    const sorted = [...rows].sort((a, b) => a.cols.length - b.cols.length || a.o - b.o);
    const padded = [...sorted];
    while (padded.length % 4 !== 0) padded.push(null);
    const perBlock = 4 * variant.groups;
    const perFunction = Math.max(perBlock, Math.floor(variant.rowsPerFunction / perBlock) * perBlock);
    for (let f = 0; f < padded.length; f += perFunction) {
      const fnRows = padded.slice(f, f + perFunction);
      const blocks = [];
      for (let b = 0; b < fnRows.length; b += perBlock) blocks.push(fnRows.slice(b, b + perBlock));
      // one function body: its blocks one after another (locals reused)
      bodies.push(concatBodies(blocks.map((block) => rows4Body(block, variant, bias, relu, stream))));
    }
  } else {
    const perFunction = Math.max(variant.rows, Math.floor(variant.rowsPerFunction / variant.rows) * variant.rows);
    for (let f = 0; f < rows.length; f += perFunction) {
      const fnRows = rows.slice(f, f + perFunction);
      const blocks = [];
      for (let b = 0; b < fnRows.length; b += variant.rows) blocks.push(fnRows.slice(b, b + variant.rows));
      bodies.push(concatBodies(blocks.map((block) => scalarBody(block, variant, bias, relu, stream))));
    }
  }
  // gemv(x, w, y) calls every body function in turn.
  const dispatch = [0];
  for (let f = 0; f < bodies.length; f++) {
    dispatch.push(0x20, X, 0x20, W, 0x20, Y, 0x10);
    uleb(dispatch, f);
  }
  dispatch.push(0x0b);
  const allBodies = [...bodies, dispatch];
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(out, 1, vector([[0x60, 3, 0x7f, 0x7f, 0x7f, 0]]));
  section(out, 2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]]));
  section(out, 3, vector(allBodies.map(() => [0])));
  // exports: gemv, and each body as b0, b1, ... (so that a bench can ask V8
  // which tier runs each: %IsTurboFanFunction)
  const exportEntry = [...name('gemv'), 0x00];
  uleb(exportEntry, allBodies.length - 1);
  const bodyExports = bodies.map((_, f) => {
    const entry = [...name(`b${f}`), 0x00];
    uleb(entry, f);
    return entry;
  });
  section(out, 7, vector([exportEntry, ...bodyExports]));
  const code = [];
  uleb(code, allBodies.length);
  for (const body of allBodies) {
    uleb(code, body.length);
    for (let i = 0; i < body.length; i++) code.push(body[i]);
  }
  out.push(10);
  uleb(out, code.length);
  for (let i = 0; i < code.length; i++) out.push(code[i]);
  return { bytes: Uint8Array.from(out), stream: Float32Array.from(stream), functions: bodies.length };
}

// Several block bodies (each: locals declaration, code, end) as one function:
// the widest locals declaration, the codes concatenated, one end.
function concatBodies(bodies) {
  let widest = null;
  const codes = [];
  for (const body of bodies) {
    // locals: count(=1) uleb n, type
    let p = 1;
    let n = 0;
    let shift = 0;
    for (;;) {
      const byte = body[p++];
      n |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    const type = body[p++];
    if (widest === null || n > widest.n) widest = { n, type };
    codes.push(body.slice(p, body.length - 1));
  }
  const out = [1];
  uleb(out, widest.n);
  out.push(widest.type);
  for (const c of codes) for (let i = 0; i < c.length; i++) out.push(c[i]);
  out.push(0x0b);
  return out;
}

export { sleb };

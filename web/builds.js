// Which of the package's WebAssembly builds this engine runs, decided once at
// init() by feature probes (WebAssembly.validate of tiny modules: no
// instantiation, no user agent sniffing).
//
// Builds, best first; an engine gets the first one whose features it has:
//   relaxed  dist/nnslim-relaxed.*: kernels with f32x4.relaxed_madd (fused
//            multiply-add). Chromium >= 114, Node >= 22; Node 20 only with
//            --experimental-wasm-relaxed-simd, and without it Node 20 rejects
//            the whole module, so the probe must decide before loading it.
//   plain    dist/nnslim.*: SIMD128 only, every engine nnslim supports.
//   threads  dist/threads/*: the plain kernels compiled with -pthread and a pool
//            of workers; needs shared memory (SharedArrayBuffer: Node, and pages
//            that are cross-origin isolated).
//
// Forcing a build: NNSLIM_BUILD=plain|relaxed in Node's environment, or
// globalThis.NNSLIM_BUILD in a page (set before importing nnslim); 'auto' (the
// default) probes.

// A function returning f32x4.relaxed_madd(0, 0, 0): valid only where relaxed
// SIMD is (opcode 0xfd 0x85 0x02).
const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,       // type section: () -> v128
  0x03, 0x02, 0x01, 0x00,                         // function section: func 0 has type 0
  0x0a, 0x3d, 0x01, 0x3b, 0x00,                   // code section: 1 body of 59 bytes, no locals
  0xfd, 0x0c, ...new Array(16).fill(0x00),        // v128.const 0 (a)
  0xfd, 0x0c, ...new Array(16).fill(0x00),        // v128.const 0 (b)
  0xfd, 0x0c, ...new Array(16).fill(0x00),        // v128.const 0 (c)
  0xfd, 0x85, 0x02,                               // f32x4.relaxed_madd
  0x0b,                                           // end
]);

export function relaxedSimdSupported() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_SIMD_PROBE);
}

// name: the key of the entry's module factories; needs: feature names of probeFeatures().
// Threads first: on any machine with more than one core a pool of threads
// gains more than relaxed SIMD's fused multiply-add (~10%, docs/benchmarks.md).
// prefers: features the automatic choice also asks for (a forced build does
// not): one core (multipleCores false) gains nothing from a pool, and a
// threaded module then runs slower than a single-threaded one (shared
// memory, atomics).
export const BUILDS = [
  { name: 'threads', needs: ['threads'], prefers: ['multipleCores'] },
  { name: 'relaxed', needs: ['relaxedSimd'] },
  { name: 'plain', needs: [] },
];

// Threads the threaded build gets on a machine with `cores` cores: all of
// them, at most MAX_THREADS_CAP (the Web Workers Emscripten preloads, plus the
// caller's thread). Node's entry and the browser entries both clamp with it.
export const MAX_THREADS_CAP = 8;

export function threadsForCores(cores) {
  return Math.max(1, Math.min(cores, MAX_THREADS_CAP));
}

export const BUILD_REQUESTS = ['auto', ...BUILDS.map((build) => build.name)];

/**
 * Picks a build. features: { [name]: boolean } (probeFeatures()), available:
 * the build names the entry can load, requested: 'auto' or a build name.
 * Returns { build, reason } or { error } (a forced build this engine cannot run,
 * an unknown request).
 */
export function chooseBuild({ features, available, requested = 'auto' }) {
  const missing = (build) => build.needs.filter((feature) => !features[feature]);
  if (!BUILD_REQUESTS.includes(requested)) {
    return { error: `NNSLIM_BUILD must be one of ${BUILD_REQUESTS.join(', ')}, got '${requested}'` };
  }
  if (requested !== 'auto') {
    const build = BUILDS.find((candidate) => candidate.name === requested);
    if (!available.includes(build.name)) return { error: `NNSLIM_BUILD=${requested}: this package has no ${requested} build` };
    const lacking = missing(build);
    if (lacking.length > 0) {
      return { error: `NNSLIM_BUILD=${requested}: this engine lacks ${lacking.join(', ')}, which the ${requested} build needs` };
    }
    return { build: build.name, reason: `forced by NNSLIM_BUILD=${requested}` };
  }
  const skipped = [];
  // A preferred feature counts as missing only when known to be absent (false).
  const unpreferred = (build) => (build.prefers ?? []).filter((feature) => features[feature] === false);
  for (const build of BUILDS) {
    if (!available.includes(build.name)) continue;
    const lacking = [...missing(build), ...unpreferred(build)];
    if (lacking.length === 0) {
      const reason = build.needs.length > 0
        ? `the engine supports ${build.needs.join(', ')}`
        : skipped.length > 0 ? `the engine lacks ${skipped.join(', ')}` : 'the only build available';
      return { build: build.name, reason };
    }
    skipped.push(...lacking.filter((feature) => !skipped.includes(feature)));
  }
  return { error: `no build of this package runs on this engine (it lacks ${skipped.join(', ')})` };
}

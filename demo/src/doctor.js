// The deployment doctor: what this browser gives nnslim, and what to do when
// a fast path is off. Facts come from the page (isolation, the browser) and
// from the worker (what the package itself detected).

// A function returning f32x4.relaxed_madd of three zero vectors: valid only
// where relaxed SIMD is (docs: TOOLCHAIN facts, Chromium >= 114).
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  ...[0, 1, 2].flatMap(() => [253, 12, ...new Array(16).fill(0)]),
  253, 133, 2, 11,
]);

export function browserName() {
  const brands = navigator.userAgentData?.brands?.filter((b) => !/Not.?A.?Brand/i.test(b.brand));
  const brand = brands?.find((b) => b.brand !== 'Chromium') ?? brands?.[0];
  if (brand) return `${brand.brand} ${brand.version}`;
  const ua = navigator.userAgent;
  const match = ua.match(/(Firefox|Edg|OPR|Chrome|Chromium|Version)\/(\d+[\d.]*)/);
  if (!match) return ua;
  const name = { Edg: 'Edge', OPR: 'Opera', Version: /Safari/.test(ua) ? 'Safari' : 'Browser' }[match[1]] ?? match[1];
  return `${name} ${match[2]}`;
}

const GiB = 2 ** 30;

/** [{ id, label, status: 'ok' | 'warn' | 'fail' | 'info', value, advice }] */
export function diagnose(env) {
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = navigator.hardwareConcurrency ?? 1;
  // features(): what the worker's nnslim runs (the threaded build where the page is isolated).
  const threads = env.features?.threads === true;
  const relaxed = env.features?.relaxedSimd ?? WebAssembly.validate(RELAXED_SIMD_PROBE);
  const heapLimit = performance.memory?.jsHeapSizeLimit;
  return [
    {
      id: 'browser', label: 'Browser', status: 'info', value: browserName(),
      advice: 'Latency differs between engines: compare variants in the same browser.',
    },
    env.simd
      ? {
        id: 'simd', label: 'WebAssembly SIMD128', status: 'ok',
        value: `supported${env.features?.build ? `; nnslim build: ${env.features.build}` : ''}`,
        advice: 'nnslim runs its SIMD kernels.',
      }
      : {
        id: 'simd', label: 'WebAssembly SIMD128', status: 'fail', value: 'missing',
        advice: 'nnslim needs WebAssembly SIMD: update the browser (Chrome/Edge 91+, Firefox 89+, Safari 16.4+).',
      },
    {
      id: 'relaxed-simd', label: 'Relaxed SIMD', status: relaxed ? 'ok' : 'info', value: relaxed ? 'supported' : 'not available',
      advice: relaxed ? 'Fused multiply-add and int8 dot products are available to kernels that use them.'
        : 'Optional: Chromium 114+ has it; plain SIMD128 kernels run instead.',
    },
    isolated
      ? {
        id: 'isolation', label: 'Cross-origin isolation', status: 'ok', value: `isolated, SharedArrayBuffer ${env.sharedArrayBuffer ? 'on' : 'off'}`,
        advice: 'Threads can be used; performance.now() has its fine (5 µs) resolution.',
      }
      : {
        id: 'isolation', label: 'Cross-origin isolation', status: 'warn', value: 'not isolated: single-threaded',
        advice: 'SharedArrayBuffer is off, so nnslim runs on one thread, and performance.now() is coarsened (100 µs). '
          + 'Serve the page with "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" (npm run demo does).',
      },
    threads
      ? {
        id: 'threads', label: 'Threads', status: 'ok',
        value: `on: ${env.features.defaultThreads} threads per model (of ${cores} logical cores; at most ${env.features.maxThreads})`,
        advice: 'nnslim runs its threaded build; the benchmarks use the default thread count (the variants table lists it).',
      }
      : {
        id: 'threads', label: 'Threads', status: 'info', value: `off: one thread (of ${cores} logical cores)`,
        advice: env.features?.threadsUnavailableReason ?? 'nnslim uses the other cores when the page is cross-origin isolated (above).',
      },
    {
      id: 'memory', label: 'Memory limit', status: 'info',
      value: [
        'wasm32: 4 GiB per instance',
        env.deviceMemoryGiB ? `device ~${env.deviceMemoryGiB} GiB` : null,
        heapLimit ? `JS heap limit ${(heapLimit / GiB).toFixed(1)} GiB` : null,
      ].filter(Boolean).join('; '),
      advice: 'Weights plus the activation arena must fit in 4 GiB of WebAssembly memory (VGG16 f32: 0.5 GiB of weights); '
        + 'int8 variants need a quarter of the weight memory.',
    },
  ];
}

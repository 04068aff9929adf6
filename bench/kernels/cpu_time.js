// Process CPU time in ms (user + system) for gemm_bench.cc's --cpu-time.
mergeInto(LibraryManager.library, {
  process_cpu_ms: function () {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
});

#include "runtime/joined_rows.h"

#include <numeric>

#include "core/error.h"
#include "runtime/parallel.h"

namespace nnslim {

void join_row_steps(CompiledPlan& plan) {
#if NNSLIM_THREADS
  const Graph& g = plan.graph;
  // Readers per value (a joined first step's output must have one: the
  // second step).
  std::vector<int> readers(g.values.size(), 0);
  for (const auto& step : plan.steps)
    for (int in : step->inputs)
      if (in >= 0) ++readers[static_cast<size_t>(in)];
  for (int out : g.outputs) ++readers[static_cast<size_t>(out)];
  for (size_t i = 0; i + 1 < plan.steps.size(); ++i) {
    Step& a = *plan.steps[i];
    Step& b = *plan.steps[i + 1];
    if (a.joined || a.joined_next || a.outputs.size() != 1 || b.inputs.empty() || b.inputs[0] != a.outputs[0]) continue;
    // (A step's output is never an alias: no step writes those.)
    const int link = a.outputs[0];
    if (link < 0 || readers[static_cast<size_t>(link)] != 1) continue;
    if (a.row_steps == nullptr || b.row_steps == nullptr || !b.row_steps->rows_local) continue;
    a.joined_next = &b;
    b.joined = true;
    for (int out : b.outputs) a.outputs.push_back(out);
  }
#else
  (void)plan;
#endif
}

void run_rows_job(CompiledPlan& plan, RowSteps& step, RowSteps* next) {
  RowSteps::Rows rows, next_rows;
  step.prepare_rows(plan, &rows);
  if (next != nullptr) {
    // (The same count: the second step's rows are the first's output
    // pixels.) Ranges start on a multiple of both alignments.
    next->prepare_rows(plan, &next_rows);
    NNSLIM_CHECK(next_rows.count == rows.count, ErrorCode::Internal, "internal: a joined step has ", next_rows.count,
                 " rows, the step before it ", rows.count);
    rows.align = std::lcm(rows.align, next_rows.align);
    rows.work += next_rows.work;
  }
  parallel_ranges(plan, rows.count, rows.align, rows.work, [&](size_t begin, size_t end) {
    step.run_rows(begin, end);
    if (next != nullptr) next->run_rows(begin, end);
  });
}

void run_step(CompiledPlan& plan, Step& s) {
  if (s.joined) return;
  if (s.joined_next == nullptr) return s.run(plan);
  run_rows_job(plan, *s.row_steps, s.joined_next->row_steps);
}

}  // namespace nnslim

#include "runtime/joined_rows.h"

#include <numeric>

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
    const int link = a.outputs[0];
    if (link < 0 || readers[static_cast<size_t>(link)] != 1 || plan.alias_of[static_cast<size_t>(link)] >= 0) continue;
    if (a.row_steps == nullptr || b.row_steps == nullptr || !b.row_steps->rows_local()) continue;
    // Both must split by rows (asked again per run: a step may decline then).
    if (!a.row_steps->prepare_rows(plan, nullptr) || !b.row_steps->prepare_rows(plan, nullptr)) continue;
    a.joined_next = &b;
    b.joined = true;
    for (int out : b.outputs) a.outputs.push_back(out);
  }
#else
  (void)plan;
#endif
}

void run_rows_job(CompiledPlan& plan, RowSteps& step) {
  RowSteps::Rows rows;
  step.prepare_rows(plan, &rows);
  parallel_ranges(plan, rows.count, rows.align, rows.work, [&](size_t begin, size_t end) { step.run_rows(begin, end); });
}

void run_step(CompiledPlan& plan, Step& s) {
  if (s.joined) return;
  Step* next = s.joined_next;
  if (next == nullptr) return s.run(plan);
  RowSteps::Rows a, b;
  if (!s.row_steps->prepare_rows(plan, &a) || !next->row_steps->prepare_rows(plan, &b) || a.count != b.count) {
    s.run(plan);
    next->run(plan);
    return;
  }
  parallel_ranges(plan, a.count, std::lcm(a.align, b.align), a.work + b.work, [&](size_t begin, size_t end) {
    s.row_steps->run_rows(begin, end);
    next->row_steps->run_rows(begin, end);
  });
}

}  // namespace nnslim

#include "runtime/joined_rows.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "runtime/parallel.h"

namespace nnslim {

void join_row_steps(CompiledPlan& plan) {
#if NNSLIM_THREADS
  const Graph& g = plan.graph;
  // Readers per value (a joined step's output must have one: the next step).
  std::vector<int> readers(g.values.size(), 0);
  for (const auto& step : plan.steps)
    for (int in : step->inputs)
      if (in >= 0) ++readers[static_cast<size_t>(in)];
  for (int out : g.outputs) ++readers[static_cast<size_t>(out)];
  Step* head = nullptr;  // the first step of the chain that step i ends
  size_t length = 0;     // steps in that chain
  for (size_t i = 0; i + 1 < plan.steps.size(); ++i) {
    Step& a = *plan.steps[i];
    Step& b = *plan.steps[i + 1];
    if (!a.joined) head = &a, length = 1;
    if (a.joined_next || length >= kMaxJoinedSteps || a.outputs.size() != 1) continue;
    // (A step's output is never an alias: no step writes those.)
    const int link = a.outputs[0];
    if (link < 0 || readers[static_cast<size_t>(link)] != 1) continue;
    if (std::find(b.inputs.begin(), b.inputs.end(), link) == b.inputs.end()) continue;
    if (a.row_steps == nullptr || b.row_steps == nullptr || !b.row_steps->rows_local) continue;
    a.joined_next = &b;
    b.joined = true;
    ++length;
    // Every output of the chain is born with its head's job.
    for (int out : b.outputs) head->outputs.push_back(out);
  }
#else
  (void)plan;
#endif
}

void run_rows_job(CompiledPlan& plan, RowSteps& step, const Step* next) {
  RowSteps* chain[kMaxJoinedSteps] = {&step};
  size_t length = 1;
  RowSteps::Rows rows;
  step.prepare_rows(plan, &rows);
  for (; next != nullptr && length < kMaxJoinedSteps; next = next->joined_next) {
    // (The same count: a joined step's rows are the previous step's output
    // pixels.) Ranges start on a multiple of every step's alignment.
    RowSteps::Rows next_rows;
    chain[length] = next->row_steps;
    chain[length++]->prepare_rows(plan, &next_rows);
    NNSLIM_CHECK(next_rows.count == rows.count, ErrorCode::Internal, "internal: a joined step has ", next_rows.count,
                 " rows, the step before it ", rows.count);
    rows.align = std::lcm(rows.align, next_rows.align);
    rows.work += next_rows.work;
  }
  parallel_ranges(plan, rows.count, rows.align, rows.work, [&](size_t begin, size_t end) {
    for (size_t s = 0; s < length; ++s) chain[s]->run_rows(begin, end);
  });
}

void run_step(CompiledPlan& plan, Step& s) {
  if (s.joined) return;
  if (s.joined_next == nullptr) return s.run(plan);
  run_rows_job(plan, *s.row_steps, s.joined_next);
}

}  // namespace nnslim

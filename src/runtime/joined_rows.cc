#include "runtime/joined_rows.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "core/error.h"
#include "runtime/parallel.h"

namespace nnslim {

namespace {
int64_t elements(const Graph& g, int value) {
  const Value& v = g.value(value);
  return v.has_shape ? shape_numel(v.shape) : INT64_MAX;
}
}  // namespace

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
    // A chain's outputs are all born with its first step, so a later step's
    // output can no longer take the bytes of a value that dies inside the
    // chain: past a pair, only steps that write no more than they read
    // (a residual Add, a projection) join. (An expand 1x1 after a stage's
    // last projection, MobileNetV2's 16 -> 96 channels at 112x112, grew the
    // arena from 7.8 to 9.8 MB.)
    if (length >= 2 && elements(g, b.outputs[0]) > elements(g, link)) continue;
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

// Consecutive steps in one pool job: a step that computes its output by
// rows of pixels (a depthwise conv, a 1x1 conv) and the steps after it that
// read only the same rows of the previous one's output (a 1x1 conv; a
// same-shape Add, e.g. a residual after a projection, whose other operand
// an earlier job finished). Each tile of the job computes its rows of the
// first step and then the same rows of each next one, so those need no job
// of their own: the thread that wrote a row reads it back at
// once, from its own cache, and the pool's fixed cost per job (the worker's
// start, the wait for the slower half, the end: ~3 us per job on the 2-core
// VM, docs/benchmarks.md, "Joined steps: where a job's time goes") is paid
// once for the chain.
// Same bits as the steps run apart: a range starts on a multiple of every
// step's alignment, so each makes the kernel calls it makes in its own
// split.
#pragma once
#include <vector>

#include "runtime/compiled_plan.h"

namespace nnslim {

// At most this many steps in one job (a depthwise conv, its projection, the
// residual Add: 3).
constexpr size_t kMaxJoinedSteps = 4;

// Marks the joined pairs (step i: with rows, Step::row_steps, and one
// output; step i + 1: rows_local, reading step i's output, which no other
// step reads and which is not itself a graph output; an alias of it may be,
// which the memory plan keeps to the end, complete after the job). A
// joined step may start the next pair, a chain of up to kMaxJoinedSteps,
// where the next step writes no more elements than it reads from the chain
// (a residual Add, a projection: not an expand 1x1, whose output could
// otherwise reuse the bytes of a value that dies inside the chain).
// The threaded module only: one thread gains nothing.
// A chain's later steps write their outputs during its first step's job,
// so the first step lists those outputs too (after its own): the memory
// plan then has them born there (a value is born with the first step that
// lists it), apart from every value the job reads.
void join_row_steps(CompiledPlan& plan);

// Runs a step with rows as one job over its rows, with `next` (the first
// of the steps joined to it; each Step::joined_next the one after) in the
// same job, or alone (the steps' own run(): one instantiation of
// parallel_ranges for them all).
void run_rows_job(CompiledPlan& plan, RowSteps& step, const Step* next = nullptr);

// Runs step `s` of a plan: itself, with its joined next step in one job, or
// nothing if a previous step's job ran it.
void run_step(CompiledPlan& plan, Step& s);

}  // namespace nnslim

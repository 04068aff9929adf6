// Two consecutive steps in one pool job: a step that computes its output by
// rows of pixels (a depthwise conv, a 1x1 conv) and the 1x1 conv that reads
// only the same rows of that output. Each tile of the job computes its rows
// of the first step and then the same rows of the second, so the second
// needs no job of its own: the thread that wrote a row reads it back at
// once, from its own cache, and the pool's fixed cost per job (the worker's
// start, the wait for the slower half, the end: ~3 us per job on the 2-core
// VM, docs/benchmarks.md, "Joined steps: where a job's time goes") is paid
// once for both.
// Same bits as the steps run apart: a range starts on a multiple of both
// steps' alignments, so each makes the kernel calls it makes in its own
// split.
#pragma once
#include <vector>

#include "runtime/compiled_plan.h"

namespace nnslim {

// Marks the pairs (step i: with rows, Step::row_steps; step i + 1: rows_local,
// reading step i's only output, which no other step reads and which is not
// itself a graph output; an alias of it may be, which the memory plan keeps
// to the end, complete after the job). The threaded module only: one
// thread gains nothing.
// A joined pair's second step writes its output during the first step's
// job, so the first step lists that output too (after its own): the memory
// plan then has it born there (a value is born with the first step that
// lists it), apart from every value the job reads.
void join_row_steps(CompiledPlan& plan);

// Runs a step with rows as one job over its rows, with `next` (a joined
// pair's second step) in the same job, or alone (the steps' own run(): one
// instantiation of parallel_ranges for them all).
void run_rows_job(CompiledPlan& plan, RowSteps& step, RowSteps* next = nullptr);

// Runs step `s` of a plan: itself, with its joined next step in one job, or
// nothing if a previous step's job ran it.
void run_step(CompiledPlan& plan, Step& s);

}  // namespace nnslim

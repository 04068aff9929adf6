#include "ops/reference/reference.h"

#include <algorithm>

#include "ops/reference/reference_ops.h"

namespace nnslim {

namespace {
struct ReferenceEntry {
  const char* op_type;
  ReferenceFn fn;
};
// One table from the one list.
const ReferenceEntry kReferenceOps[] = {
#define NNSLIM_REFERENCE(name) {#name, &reference::ref_##name},
#include "ops/reference/reference_list.inc"
#undef NNSLIM_REFERENCE
};
}  // namespace

ReferenceFn find_reference(const std::string& op_type) {
  for (const ReferenceEntry& entry : kReferenceOps)
    if (op_type == entry.op_type) return entry.fn;
  return nullptr;
}

std::vector<std::string> reference_op_types() {
  std::vector<std::string> names;
  for (const ReferenceEntry& entry : kReferenceOps) names.emplace_back(entry.op_type);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace nnslim

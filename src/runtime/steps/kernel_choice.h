// Picks microkernels from the families' lists by name. The names chosen in
// the lowerings are the ones bench/kernels measured fastest on V8; picking by
// name (not index) keeps the choice readable and robust to list order.
#pragma once
#include <cstring>

#include "core/error.h"

namespace nnslim {

template <typename Info>
const Info& find_ukernel(const Info* list, size_t count, const char* name) {
  for (size_t i = 0; i < count; ++i)
    if (std::strcmp(list[i].name, name) == 0) return list[i];
  fail(ErrorCode::Internal, "internal: microkernel '", name, "' is not in its family's list");
}

}  // namespace nnslim

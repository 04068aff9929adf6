// insertion_sort(v, less): a stable sort for short vectors that cold code
// orders once (a tensor's dims and strides, the op table's ~130 names).
// Same result as std::stable_sort; on wasm, std::sort / std::stable_sort
// instantiate 1.5-4 KB for each element type and comparator, this a few
// dozen bytes. O(n^2): not for vectors that grow with the model.
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace nnslim {

template <typename T, typename Less>
void insertion_sort(std::vector<T>& v, Less less) {
  for (size_t i = 1; i < v.size(); ++i)
    for (size_t j = i; j > 0 && less(v[j], v[j - 1]); --j) std::swap(v[j - 1], v[j]);
}

}  // namespace nnslim

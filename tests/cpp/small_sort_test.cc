// insertion_sort (core/small_sort.h) against its oracle, std::stable_sort:
// the same order for every length up to 40, with many ties (stability) and
// with descending comparators, as the plan compiler uses it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/small_sort.h"

TEST_CASE("insertion_sort: the order std::stable_sort gives, ties kept in place", "[core][sort]") {
  std::mt19937 rng(7);
  for (size_t n = 0; n <= 40; ++n) {
    for (int values : {2, 5, 1000}) {
      std::vector<std::pair<int, size_t>> v(n);  // (key, original position)
      for (size_t i = 0; i < n; ++i) v[i] = {static_cast<int>(rng() % static_cast<unsigned>(values)), i};
      for (bool descending : {false, true}) {
        auto less = [descending](const std::pair<int, size_t>& a, const std::pair<int, size_t>& b) {
          return descending ? a.first > b.first : a.first < b.first;
        };
        auto expected = v, got = v;
        std::stable_sort(expected.begin(), expected.end(), less);
        nnslim::insertion_sort(got, less);
        CAPTURE(n, values, descending);
        REQUIRE(got == expected);
      }
    }
  }
  std::vector<std::string> names = {"Relu", "Add", "Conv", "", "Abs", "add", "Conv"};
  auto sorted = names;
  std::sort(sorted.begin(), sorted.end());
  nnslim::insertion_sort(names, [](const std::string& a, const std::string& b) { return a < b; });
  REQUIRE(names == sorted);
}

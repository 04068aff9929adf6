// Every input a fuzzer ever failed on (tests/fuzz_regressions/<target>/, one
// file each, kept after the fix) goes again through the fuzzer's own entry
// point (tests/fuzz/fuzz_entries.h): it must end in a coded nnslim::Error, an
// out-of-memory or a result. A finding aborts the test binary, as it aborted
// the fuzzer; in the sanitizer tier (scripts/sanitize.sh) ASan and UBSan check the replay too.
// A timeout is a finding as well: each input must end within the fuzzers'
// own -timeout (scripts/fuzz.sh), a bound generous enough for a loaded
// machine and the sanitizer build (the kept timeouts took 10 s to minutes
// before their fix, well under a second after).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_entries.h"
#include "test_data.h"

namespace nnslim {
namespace {

// The folder's kept inputs, sorted (README.md and dotfiles are not inputs).
std::vector<std::string> kept_inputs(const std::string& target) {
  const std::string folder = std::string(NNSLIM_SOURCE_DIR) + "/tests/fuzz_regressions/" + target;
  test_data::require_exists(folder);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name != "README.md" && name[0] != '.') files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

constexpr double kTimeoutSeconds = 10;  // scripts/fuzz.sh: -timeout=10

template <typename Entry>
void replay(const std::string& target, Entry entry) {
  const std::vector<std::string> files = kept_inputs(target);
  for (const std::string& file : files) {
    INFO(file);
    const std::vector<uint8_t> bytes = test_data::read_bytes(file);
    const auto start = std::chrono::steady_clock::now();
    entry(bytes.data(), bytes.size());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO("took " << seconds << " s");
    CHECK(seconds < kTimeoutSeconds);
  }
  SUCCEED(files.size() << " kept inputs of the " << target << " fuzzer replayed");
}

TEST_CASE("fuzz regressions: every kept ONNX input ends in a coded outcome", "[fuzz]") {
  replay("onnx", fuzz::onnx_model);
}

TEST_CASE("fuzz regressions: every kept builder spec ends in a coded outcome", "[fuzz]") {
  replay("builder", fuzz::builder_spec);
}

}  // namespace
}  // namespace nnslim

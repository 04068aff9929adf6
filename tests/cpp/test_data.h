// The tests' data files and how to get them. A test whose data is missing
// fails (it never passes or skips quietly): the failure names the file and the
// command that provides it. `bash scripts/test.sh` installs and generates all
// of it before it runs a test.
//   - ONNX 1.12's backend test cases: Debian's libonnx-testdata (scripts/setup.sh);
//   - models and oracles that tests/data/*.py write to tests/data/generated/
//     (scripts/test-data.sh).
#pragma once
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace nnslim {
namespace test_data {

inline const std::string kOnnxTestData = "/usr/share/libonnx-testdata/data";
inline const std::string kGenerated = std::string(NNSLIM_SOURCE_DIR) + "/tests/data/generated";

// A case or file of ONNX's backend test data, e.g. onnx("node/test_relu").
inline std::string onnx(const std::string& relative) { return kOnnxTestData + "/" + relative; }
// A file that tests/data/*.py generate, e.g. generated("mobilenetv2_folded.onnx").
inline std::string generated(const std::string& name) { return kGenerated + "/" + name; }

inline std::string how_to_get(const std::string& path) {
  if (path.rfind(kOnnxTestData, 0) == 0)
    return "install Debian's libonnx-testdata (`bash scripts/setup.sh` does; `bash scripts/test.sh` runs it)";
  if (path.rfind(kGenerated, 0) == 0)
    return "generate it with `bash scripts/test-data.sh` (`bash scripts/test.sh` runs it)";
  return "it belongs to the repository";
}

// Fails the test (REQUIRE-style: the test case stops) when `path` is missing.
inline void require_exists(const std::string& path) {
  if (!std::filesystem::exists(path)) FAIL("test data " << path << " is missing: " << how_to_get(path));
}

inline std::vector<uint8_t> read_bytes(const std::string& path) {
  require_exists(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("cannot read test data " << path);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace test_data
}  // namespace nnslim

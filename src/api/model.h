// The library's facade: what the wasm bindings (and native tools) call.
// Every method throws nnslim::Error (or std::bad_alloc) on bad input; the
// bindings catch at the outermost frame and hand JS an Error.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace nnslim {

class Model {
 public:
  static std::unique_ptr<Model> load_onnx(const uint8_t* data, size_t size);
  static std::unique_ptr<Model> build(const std::string& spec_json);

  std::string summary() const;
  std::string profile_json(int64_t batch_size) const;
  std::vector<uint8_t> to_onnx() const;

  const Graph& graph() const { return graph_; }

 private:
  explicit Model(Graph graph) : graph_(std::move(graph)) {}
  Graph graph_;
};

}  // namespace nnslim

#include "fuzz_entries.h"

#include <memory>
#include <string>

#include "api/model.h"
#include "fuzz_derived.h"
#include "fuzz_options.h"
#include "fuzz_run.h"

namespace nnslim::fuzz {
namespace {

// The steps after a model exists, the same for both entries: what the
// bindings offer on a loaded model, then (when it ran) the derived models.
void exercise(Model& model, const DerivedOptions& options) {
  bool ran = false;
  expect_coded_outcome([&] {
    (void)model.summary();
    (void)model.to_onnx();
    ran = run_once(model, options.timed);
    (void)model.explain_plan_json();
  });
  // A model whose inputs have other symbolic dims than the batch has no
  // profile without input shapes (INVALID_ARGUMENT): its own stage.
  expect_coded_outcome([&] { (void)model.profile_json(options.profile_batch, {}, options.profile_compiles); });
  if (ran) derive_and_run(model, options);
}

}  // namespace

void onnx_model(const uint8_t* data, size_t size) {
  const DerivedOptions options = take_options(data, size);
  std::unique_ptr<Model> model;
  expect_coded_outcome([&] { model = Model::load_onnx(data, size); });
  if (model) exercise(*model, options);
}

void builder_spec(const uint8_t* data, size_t size) {
  const DerivedOptions options = take_options(data, size);
  std::unique_ptr<Model> model;
  expect_coded_outcome([&] { model = Model::build(std::string(reinterpret_cast<const char*>(data), size)); });
  if (model) exercise(*model, options);
}

}  // namespace nnslim::fuzz

#include "passes/drop_unread_training_outputs.h"

#include <vector>

namespace nnslim {

size_t drop_unread_training_outputs(Graph& graph) {
  // Ids out of range (a graph that skipped verify()) are left for verify()
  // and shape inference to name; here they only count as read.
  const size_t count = graph.values.size();
  auto in_range = [count](int id) { return id >= 0 && static_cast<size_t>(id) < count; };
  std::vector<bool> read(count, false);
  for (const int output : graph.outputs)
    if (in_range(output)) read[static_cast<size_t>(output)] = true;
  for (const Node& node : graph.nodes)
    for (const int input : node.inputs)
      if (in_range(input)) read[static_cast<size_t>(input)] = true;

  size_t dropped = 0;
  for (Node& node : graph.nodes) {
    if (node.op_type != "BatchNormalization" || node.outputs.size() < 2) continue;
    if (node.attr_int("training_mode", 0) != 0) continue;  // refused when it runs
    bool any_read = false;
    for (size_t i = 1; i < node.outputs.size(); ++i) {
      const int id = node.outputs[i];
      any_read = any_read || (id >= 0 && (!in_range(id) || read[static_cast<size_t>(id)]));
    }
    if (any_read) continue;  // shape inference refuses it, naming the output
    for (size_t i = 1; i < node.outputs.size(); ++i)
      if (node.outputs[i] >= 0) graph.value(node.outputs[i]).producer = -1;
    node.outputs.resize(1);
    ++dropped;
  }
  // The dropped values stay in the graph, produced by nothing and read by
  // nothing; the next remove_dead_nodes() drops them.
  return dropped;
}

}  // namespace nnslim

#include "passes/drop_unread_training_outputs.h"

#include <vector>

namespace nnslim {

size_t drop_unread_training_outputs(Graph& graph) {
  std::vector<bool> read(graph.values.size(), false);
  for (const int output : graph.outputs) read[static_cast<size_t>(output)] = true;
  for (const Node& node : graph.nodes)
    for (const int input : node.inputs)
      if (input >= 0) read[static_cast<size_t>(input)] = true;

  size_t dropped = 0;
  for (Node& node : graph.nodes) {
    if (node.op_type != "BatchNormalization" || node.outputs.size() < 2) continue;
    if (node.attr_int("training_mode", 0) != 0) continue;  // refused when it runs
    bool any_read = false;
    for (size_t i = 1; i < node.outputs.size(); ++i)
      any_read = any_read || (node.outputs[i] >= 0 && read[static_cast<size_t>(node.outputs[i])]);
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

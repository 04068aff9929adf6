// Cost rules (profiler convention: 1 MAC = 2 FLOPs; bias adds and activations
// are elementwise ops, not MACs; data movement costs nothing). Each expected
// figure is the formula in the op's file, evaluated by hand for the shapes.
#include <algorithm>

#include "ops_test_util.h"

using namespace nnslim;
using namespace nnslim::test;

TEST_CASE("MatMul and ConvTranspose MACs", "[ops][cost]") {
  OpGraph mm;
  mm.input("a", {2, 3, 4}).input("b", {4, 5}).node("MatMul", {"a", "b"}, {"y"}).infer();
  CHECK(mm.cost().macs == 2 * 3 * 5 * 4);
  CHECK(mm.cost().elementwise_ops == 0);

  OpGraph vec;  // dot product of two 7-vectors: 7 MACs, scalar output
  vec.input("a", {7}).input("b", {7}).node("MatMul", {"a", "b"}, {"y"}).infer();
  CHECK(vec.cost().macs == 7);

  // N * Cin * prod(input spatial) * (Cout/group) * prod(kernel) = 1*2*9*4*9
  OpGraph ct;
  ct.input("x", {1, 2, 3, 3}).weight("w", {2, 4, 3, 3}).weight("b", {4});
  ct.node("ConvTranspose", {"x", "w", "b"}, {"y"}).infer();
  CHECK(ct.shape("y") == Shape{1, 4, 5, 5});
  CHECK(ct.cost().macs == 648);
  CHECK(ct.cost().elementwise_ops == 100);  // bias: one add per output element

  OpGraph grouped;  // group 2: each input pixel feeds Cout/group = 3 channels
  grouped.input("x", {1, 4, 5}).weight("w", {4, 3, 2});
  grouped.node("ConvTranspose", {"x", "w"}, {"y"}, {{"group", int_attr(2)}}).infer();
  CHECK(grouped.cost().macs == 1 * 4 * 5 * 3 * 2);
  CHECK(grouped.cost().elementwise_ops == 0);
}

TEST_CASE("pool, activation and normalization ops are elementwise", "[ops][cost]") {
  OpGraph g;
  g.input("x", {1, 1, 4, 4}).input("z", {2, 3, 7, 5}).input("v", {4});
  g.node("MaxPool", {"x"}, {"p"}, {{"kernel_shape", ints_attr({2, 2})}, {"strides", ints_attr({2, 2})}});
  g.node("GlobalAveragePool", {"z"}, {"gp"});
  g.node("Relu", {"z"}, {"r"});
  g.node("Softmax", {"z"}, {"sm"});
  g.node("Sum", {"v", "v", "v"}, {"s3"});
  g.node("Mean", {"v", "v", "v"}, {"m3"});
  g.node("ReduceMean", {"z"}, {"rm"}, {{"axes", ints_attr({2, 3})}});
  g.node("Add", {"v", "v"}, {"add"});
  g.infer();
  CHECK(g.cost(0).elementwise_ops == 4 * 4);   // 2x2 outputs, 2x2 taps each
  CHECK(g.cost(1).elementwise_ops == 210);     // every input element once
  CHECK(g.cost(2).elementwise_ops == 210);
  CHECK(g.cost(2).macs == 0);
  CHECK(g.cost(3).elementwise_ops == 5 * 210); // max, subtract, exp, sum, divide
  CHECK(g.cost(4).elementwise_ops == 2 * 4);   // n - 1 adds
  CHECK(g.cost(5).elementwise_ops == 3 * 4);   // n - 1 adds + divide
  CHECK(g.cost(6).elementwise_ops == 210);
}

TEST_CASE("Resize costs nothing for nearest, lerps for linear", "[ops][cost]") {
  OpGraph g(13);
  g.input("x", {1, 2, 3, 4}).floats("s", {1, 1, 2, 2});
  g.node("Resize", {"x", "", "s"}, {"near"}, {}, "near");
  g.node("Resize", {"x", "", "s"}, {"lin"}, {{"mode", string_attr("linear")}}, "lin").infer();
  CHECK(g.cost(0).elementwise_ops == 0);
  // 2 resized axes: 3 lerps of 3 ops per output element; 1*2*6*8 outputs.
  CHECK(g.cost(1).elementwise_ops == 96 * 3 * 3);
}

TEST_CASE("data movement ops have no cost rule", "[ops][cost]") {
  for (const char* op : {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Concat", "Slice", "Split", "Pad",
                         "Gather", "Expand", "Tile", "Identity", "Dropout", "Shape", "Cast", "Constant",
                         "ConstantOfShape", "Range"}) {
    INFO(op);
    const OpDef* def = find_op("", op);
    REQUIRE(def);
    CHECK(def->cost == nullptr);
  }
  for (const char* op : {"Relu", "Add", "MatMul", "ConvTranspose", "MaxPool", "Softmax", "LayerNormalization", "Resize"}) {
    INFO(op);
    REQUIRE(find_op("", op));
    CHECK(find_op("", op)->cost != nullptr);
  }
}

TEST_CASE("only BatchNormalization has non-trainable inputs", "[ops][cost]") {
  for (const std::string& op : supported_op_types()) {
    INFO(op);
    const OpDef* def = find_op("", op);
    if (op == "BatchNormalization") CHECK(def->non_trainable_inputs == ((1u << 3) | (1u << 4)));
    else CHECK(def->non_trainable_inputs == 0);
  }
}

TEST_CASE("op list is sorted and covers the runtime issue's ops", "[ops]") {
  const std::vector<std::string> ops = supported_op_types();
  for (const char* op : {"Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Clip",
                         "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Softmax",
                         "BatchNormalization", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Concat",
                         "Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Slice", "Split", "Pad", "Resize",
                         "Identity", "Dropout", "Max", "Min", "Cast", "Constant", "ConstantOfShape", "ReduceMean",
                         "Sqrt", "Pow", "Exp", "Log", "Erf", "LayerNormalization"}) {
    INFO(op);
    CHECK(std::find(ops.begin(), ops.end(), op) != ops.end());
  }
  CHECK(find_op("com.microsoft", "Relu") == nullptr);
  CHECK(find_op("", "SoftmaxCrossEntropyLoss") == nullptr);
}

// Node attributes, with ONNX's kinds (AttributeProto.AttributeType numbering).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace nnslim {

struct Attribute {
  enum class Kind : int32_t {
    Undefined = 0, Float = 1, Int = 2, String = 3, Tensor = 4, Graph = 5,
    Floats = 6, Ints = 7, Strings = 8, Tensors = 9, Graphs = 10,
  };
  Kind kind = Kind::Undefined;
  float f = 0.f;
  int64_t i = 0;
  std::string s;
  TensorPtr t;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::vector<TensorPtr> tensors;

  static Attribute make_int(int64_t v) { Attribute a; a.kind = Kind::Int; a.i = v; return a; }
  static Attribute make_float(float v) { Attribute a; a.kind = Kind::Float; a.f = v; return a; }
  static Attribute make_string(std::string v) { Attribute a; a.kind = Kind::String; a.s = std::move(v); return a; }
  static Attribute make_ints(std::vector<int64_t> v) { Attribute a; a.kind = Kind::Ints; a.ints = std::move(v); return a; }
  static Attribute make_floats(std::vector<float> v) { Attribute a; a.kind = Kind::Floats; a.floats = std::move(v); return a; }
  static Attribute make_tensor(TensorPtr v) { Attribute a; a.kind = Kind::Tensor; a.t = std::move(v); return a; }
};

const char* attribute_kind_name(Attribute::Kind kind);

using AttributeMap = std::map<std::string, Attribute>;

}  // namespace nnslim

// Checked field access on top of protozero::pbf_reader, for the ONNX reader.
//
// protozero checks bounds (it throws on truncated data) but only *asserts*
// wire types, and those asserts vanish in release builds: a hostile file that
// puts a varint where a float belongs would be read as garbage. Every getter
// here checks the wire type first, and the length of a length-delimited field
// against the bytes left (protozero's own check overflows on 32-bit targets).
// Never call pbf_reader::skip() directly: use skip_field(). Repeated numeric fields accept both the
// packed and the unpacked encoding, as protobuf parsers must.
//
// ParsePath remembers where the reader is ("graph 'g' / node 3 'conv1' /
// attribute 'pads'") so that errors, including protozero's own exceptions
// caught at the top, say where the file is broken.
#pragma once
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include <protozero/pbf_reader.hpp>
#include <protozero/pbf_writer.hpp>

#include "core/error.h"
#include "core/tensor.h"

namespace nnslim {
namespace onnx_wire {

class ParsePath {
 public:
  void push(std::string part) { parts_.push_back(std::move(part)); }
  void pop() { parts_.pop_back(); }
  std::string to_string() const;
  // Throws Error("corrupt or truncated ONNX file: <what> while reading <where>").
  [[noreturn]] void corrupt(const std::string& what) const;

 private:
  std::vector<std::string> parts_;
};

// Pushes a path part for the lifetime of the scope. If the scope is left by an
// exception, the part stays, so the handler at the top still sees the full path.
class PathScope {
 public:
  PathScope(ParsePath& path, std::string part)
      : path_(path), exceptions_at_entry_(std::uncaught_exceptions()) {
    path_.push(std::move(part));
  }
  ~PathScope() {
    if (std::uncaught_exceptions() == exceptions_at_entry_) path_.pop();
  }
  PathScope(const PathScope&) = delete;
  PathScope& operator=(const PathScope&) = delete;

 private:
  ParsePath& path_;
  int exceptions_at_entry_;
};

using protozero::pbf_reader;

// Skips the current field (one nnslim does not read), checking its length.
void skip_field(pbf_reader& r, const ParsePath& path);

int64_t read_int64(pbf_reader& r, const ParsePath& path, const char* field);
uint64_t read_uint64(pbf_reader& r, const ParsePath& path, const char* field);
int32_t read_int32(pbf_reader& r, const ParsePath& path, const char* field);
float read_float(pbf_reader& r, const ParsePath& path, const char* field);
std::string read_string(pbf_reader& r, const ParsePath& path, const char* field);
protozero::data_view read_view(pbf_reader& r, const ParsePath& path, const char* field);

void append_int64s(pbf_reader& r, const ParsePath& path, const char* field, std::vector<int64_t>& out);
void append_uint64s(pbf_reader& r, const ParsePath& path, const char* field, std::vector<uint64_t>& out);
void append_int32s(pbf_reader& r, const ParsePath& path, const char* field, std::vector<int32_t>& out);
void append_floats(pbf_reader& r, const ParsePath& path, const char* field, std::vector<float>& out);
void append_doubles(pbf_reader& r, const ParsePath& path, const char* field, std::vector<double>& out);

// Limits that keep a hostile file from exhausting memory (the same as shape
// inference's check_shape_sane): every dim in [0, 2^31), fewer than 2^40 elements.
constexpr int64_t kMaxDim = int64_t{1} << 31;
constexpr int64_t kMaxElements = int64_t{1} << 40;
// Checks dims against the limits; `what` names the tensor or value.
void check_dims(const std::vector<int64_t>& dims, const std::string& what);

// Parses one TensorProto (the bytes of the message). `name` receives its name.
TensorPtr parse_tensor(protozero::data_view bytes, ParsePath& path, std::string* name);

// Writes the fields of a TensorProto (dims, data_type, name, raw_data) into
// `message`. Unmaterialized weights are materialized on a copy.
void write_tensor(protozero::pbf_writer& message, const Tensor& tensor, const std::string& name);

}  // namespace onnx_wire
}  // namespace nnslim

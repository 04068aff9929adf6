#include "onnx/onnx_wire.h"

#include "ir/graph.h"

namespace nnslim {
namespace onnx_wire {

using protozero::pbf_wire_type;

std::string ParsePath::to_string() const {
  if (parts_.empty()) return "the model";
  std::string out;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (i) out += " / ";
    out += parts_[i];
  }
  return out;
}

void ParsePath::corrupt(const std::string& what) const {
  fail(ErrorCode::InvalidModel, "corrupt or truncated ONNX file: ", what, " while reading ", to_string());
}

namespace {

const char* wire_type_name(pbf_wire_type type) {
  switch (type) {
    case pbf_wire_type::varint: return "varint";
    case pbf_wire_type::fixed64: return "fixed64";
    case pbf_wire_type::length_delimited: return "length-delimited";
    case pbf_wire_type::fixed32: return "fixed32";
    default: return "unknown";
  }
}

// protozero 1.7.1 compares a field's length with the bytes left as ptrdiff_t:
// on wasm32 a length >= 2^31 turns negative, passes, and the reader walks off
// the buffer. So every length-delimited field's length is checked here first.
void check_length(const pbf_reader& r, const ParsePath& path, const char* field) {
  if (r.wire_type() != pbf_wire_type::length_delimited) return;
  const protozero::data_view rest = r.data();
  const char* p = rest.data();
  const char* const end = p + rest.size();
  const uint64_t length = protozero::decode_varint(&p, end);  // throws if truncated
  const uint64_t available = static_cast<uint64_t>(end - p);
  if (length > available)
    path.corrupt(str("field '", field, "' (", r.tag(), ") claims ", length, " bytes but only ", available,
                     " remain"));
}

void expect_wire_type(const pbf_reader& r, pbf_wire_type type, const ParsePath& path, const char* field) {
  if (r.wire_type() != type)
    path.corrupt(str("field '", field, "' (", r.tag(), ") has wire type ", wire_type_name(r.wire_type()),
                     ", expected ", wire_type_name(type)));
  check_length(r, path, field);
}

// Repeated numeric field: one element (unpacked) or a packed run.
template <typename T, typename ReadOne, typename ReadPacked>
void append_repeated(pbf_reader& r, pbf_wire_type element_type, const ParsePath& path, const char* field,
                     std::vector<T>& out, ReadOne read_one, ReadPacked read_packed) {
  if (r.wire_type() == element_type) {
    out.push_back(static_cast<T>(read_one(r)));
  } else if (r.wire_type() == pbf_wire_type::length_delimited) {
    check_length(r, path, field);
    for (auto v : read_packed(r)) out.push_back(static_cast<T>(v));
  } else {
    path.corrupt(str("repeated field '", field, "' (", r.tag(), ") has wire type ",
                     wire_type_name(r.wire_type())));
  }
}

// Runs `read`; protozero's exceptions (truncation, bad lengths) are reported
// with the field being read.
template <typename Read>
auto in_field(const ParsePath& path, const char* field, Read read) -> decltype(read()) {
  try {
    return read();
  } catch (const protozero::exception& e) {
    path.corrupt(str(e.what(), " in field '", field, "'"));
  }
}

}  // namespace

void skip_field(pbf_reader& r, const ParsePath& path) {
  in_field(path, "unknown", [&] {
    check_length(r, path, "unknown");
    r.skip();
  });
}

int64_t read_int64(pbf_reader& r, const ParsePath& path, const char* field) {
  expect_wire_type(r, pbf_wire_type::varint, path, field);
  return in_field(path, field, [&] { return r.get_int64(); });
}

uint64_t read_uint64(pbf_reader& r, const ParsePath& path, const char* field) {
  expect_wire_type(r, pbf_wire_type::varint, path, field);
  return in_field(path, field, [&] { return r.get_uint64(); });
}

int32_t read_int32(pbf_reader& r, const ParsePath& path, const char* field) {
  expect_wire_type(r, pbf_wire_type::varint, path, field);
  return in_field(path, field, [&] { return r.get_int32(); });
}

float read_float(pbf_reader& r, const ParsePath& path, const char* field) {
  expect_wire_type(r, pbf_wire_type::fixed32, path, field);
  return in_field(path, field, [&] { return r.get_float(); });
}

std::string read_string(pbf_reader& r, const ParsePath& path, const char* field) {
  expect_wire_type(r, pbf_wire_type::length_delimited, path, field);
  return in_field(path, field, [&] { return r.get_string(); });
}

protozero::data_view read_view(pbf_reader& r, const ParsePath& path, const char* field) {
  expect_wire_type(r, pbf_wire_type::length_delimited, path, field);
  return in_field(path, field, [&] { return r.get_view(); });
}

void append_int64s(pbf_reader& r, const ParsePath& path, const char* field, std::vector<int64_t>& out) {
  in_field(path, field, [&] {
    append_repeated(r, pbf_wire_type::varint, path, field, out, [](pbf_reader& m) { return m.get_int64(); },
                    [](pbf_reader& m) { return m.get_packed_int64(); });
  });
}

void append_uint64s(pbf_reader& r, const ParsePath& path, const char* field, std::vector<uint64_t>& out) {
  in_field(path, field, [&] {
    append_repeated(r, pbf_wire_type::varint, path, field, out, [](pbf_reader& m) { return m.get_uint64(); },
                    [](pbf_reader& m) { return m.get_packed_uint64(); });
  });
}

void append_int32s(pbf_reader& r, const ParsePath& path, const char* field, std::vector<int32_t>& out) {
  in_field(path, field, [&] {
    append_repeated(r, pbf_wire_type::varint, path, field, out, [](pbf_reader& m) { return m.get_int32(); },
                    [](pbf_reader& m) { return m.get_packed_int32(); });
  });
}

void append_floats(pbf_reader& r, const ParsePath& path, const char* field, std::vector<float>& out) {
  in_field(path, field, [&] {
    append_repeated(r, pbf_wire_type::fixed32, path, field, out, [](pbf_reader& m) { return m.get_float(); },
                    [](pbf_reader& m) { return m.get_packed_float(); });
  });
}

void append_doubles(pbf_reader& r, const ParsePath& path, const char* field, std::vector<double>& out) {
  in_field(path, field, [&] {
    append_repeated(r, pbf_wire_type::fixed64, path, field, out, [](pbf_reader& m) { return m.get_double(); },
                    [](pbf_reader& m) { return m.get_packed_double(); });
  });
}

void check_dims(const std::vector<int64_t>& dims, const std::string& what) {
  for (int64_t d : dims)
    NNSLIM_CHECK(d >= 0 && d < kMaxDim, what, ": dimension ", d, " in shape ", shape_to_string(dims),
                 " is negative or too large (limit 2^31)");
  int64_t elements = 1;
  for (int64_t d : dims) {
    if (d == 0) return;  // no elements, whatever the other dims are
    // elements * d >= 2^40, tested without overflowing int64.
    NNSLIM_CHECK(elements <= (kMaxElements - 1) / d, what, ": shape ", shape_to_string(dims),
                 " has 2^40 elements or more");
    elements *= d;
  }
}

}  // namespace onnx_wire
}  // namespace nnslim

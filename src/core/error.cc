#include "core/error.h"

namespace nnslim {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::Unclassified: return "UNCLASSIFIED";
#define NNSLIM_ERROR_CODE_CASE(code, name) \
  case ErrorCode::code: return name;
    NNSLIM_ERROR_CODES(NNSLIM_ERROR_CODE_CASE)
#undef NNSLIM_ERROR_CODE_CASE
  }
  return "UNCLASSIFIED";
}

}  // namespace nnslim

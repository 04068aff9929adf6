// Catch2's main() alone in this file: it takes seconds to compile, so it is
// built once and linked into the test binary.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

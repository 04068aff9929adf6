# The relaxed-SIMD build: the same library with its microkernels (src/kernels)
# compiled by clang 19 with -mrelaxed-simd, so that f32x4_madd
# (kernels/f32-madd.h) becomes f32x4.relaxed_madd. Everything else is the
# plain build's code (nnslim_core). Facts and numbers: docs/toolchain.md,
# "Relaxed SIMD".
#
#   nnslim_wasm_relaxed          dist/nnslim-relaxed.mjs + .wasm (the package's second module)
#   nnslim_tests_relaxed         the kernel Catch2 tests on the relaxed kernels
#                                (node --experimental-wasm-relaxed-simd on Node 20)
#
# Same symbols, separate artifact: a relaxed kernel object defines exactly the
# symbols of its plain twin in libnnslim_core.a. The relaxed objects are linked
# as objects, so the linker never needs (never pulls) the archive's kernel
# members: each symbol has one definition, the relaxed one.
#
# Included from CMakeLists.txt inside if(EMSCRIPTEN), after nnslim_core,
# NNSLIM_HOT_SOURCES, NNSLIM_WASM_FLAGS and the package link options exist.

set(NNSLIM_LLVM19_BIN /usr/lib/llvm-19/bin)
if(NOT EXISTS ${NNSLIM_LLVM19_BIN}/clang)
  message(STATUS "relaxed-SIMD build off: no clang 19 at ${NNSLIM_LLVM19_BIN} (apt install clang-19 lld-19)")
  return()
endif()
set(NNSLIM_BINARYEN132 ${CMAKE_SOURCE_DIR}/tools/binaryen)
if(NOT EXISTS ${NNSLIM_BINARYEN132}/node_modules/binaryen/bin/wasm-opt)
  message(STATUS "relaxed-SIMD build off: no binaryen 132 (npm ci --prefix tools/binaryen)")
  return()
endif()

# Debian's em++ runs $EM_LLVM_ROOT/clang++-14: a folder where those names are
# clang 19 lets em++ keep its own flags, sysroot and headers for the relaxed
# kernels (em++ warns that the LLVM version is not the one it expects).
set(NNSLIM_LLVM19_AS_14 ${CMAKE_BINARY_DIR}/llvm19-as-emcc)
file(MAKE_DIRECTORY ${NNSLIM_LLVM19_AS_14})
foreach(tool clang clang++)
  if(NOT EXISTS ${NNSLIM_LLVM19_AS_14}/${tool}-14)
    file(CREATE_LINK ${NNSLIM_LLVM19_BIN}/${tool} ${NNSLIM_LLVM19_AS_14}/${tool}-14 SYMBOLIC)
  endif()
endforeach()

add_library(nnslim_kernels_relaxed OBJECT ${NNSLIM_HOT_SOURCES})
target_include_directories(nnslim_kernels_relaxed PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_include_directories(nnslim_kernels_relaxed SYSTEM PRIVATE ${THIRD_PARTY_INCLUDE})
# -mcpu=mvp: clang 19's default wasm CPU also enables multivalue and
# reference-types, which the rest of the module (clang 14) and Node 20 / the
# engines the plain build targets do not assume; only SIMD128 + relaxed SIMD on top.
target_compile_options(nnslim_kernels_relaxed PRIVATE -mcpu=mvp ${NNSLIM_WASM_FLAGS} -mrelaxed-simd -fno-rtti)
set(NNSLIM_RELAXED_COMPILE_LAUNCHER ${CMAKE_COMMAND} -E env EM_LLVM_ROOT=${NNSLIM_LLVM19_AS_14})
if(CMAKE_CXX_COMPILER_LAUNCHER)
  # ccache: the relaxed objects' command lines differ from the plain ones
  # (-mrelaxed-simd), so they never share a cache entry.
  list(APPEND NNSLIM_RELAXED_COMPILE_LAUNCHER ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()
set_target_properties(nnslim_kernels_relaxed PROPERTIES CXX_COMPILER_LAUNCHER "${NNSLIM_RELAXED_COMPILE_LAUNCHER}")

# Links run binaryen 132 (tools/binaryen/bin: Debian's binaryen 108 cannot parse
# relaxed opcodes), and read the module's metadata in Python (binaryen 132 has
# no wasm-emscripten-finalize): which needs -sWASM_BIGINT (no i64
# legalization, nothing else for finalize to do). Every engine that runs
# relaxed SIMD has BigInt integration.
# (Debian's emcc runs binaryen's tools by name, through PATH.)
set(NNSLIM_RELAXED_LINK_LAUNCHER ${CMAKE_COMMAND} -E env EMCC_READ_METADATA=python NODE_PATH=/usr/share/nodejs
  --modify PATH=path_list_prepend:${NNSLIM_BINARYEN132}/bin)

add_executable(nnslim_wasm_relaxed ${NNSLIM_BINDING_SOURCES} $<TARGET_OBJECTS:nnslim_kernels_relaxed>)
target_link_libraries(nnslim_wasm_relaxed PRIVATE nnslim_core)
set_target_properties(nnslim_wasm_relaxed PROPERTIES OUTPUT_NAME nnslim-relaxed SUFFIX .mjs
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_SOURCE_DIR}/dist CXX_LINKER_LAUNCHER "${NNSLIM_RELAXED_LINK_LAUNCHER}")
target_link_options(nnslim_wasm_relaxed PRIVATE ${NNSLIM_PACKAGE_LINK_OPTIONS} -sWASM_BIGINT)
target_compile_options(nnslim_wasm_relaxed PRIVATE ${NNSLIM_BINDING_COMPILE_OPTIONS})

add_test(NAME wasm_size_budget_relaxed
  COMMAND ${NNSLIM_NODE} ${CMAKE_SOURCE_DIR}/tests/size/wasm_size_budget.mjs ${CMAKE_SOURCE_DIR}/dist/nnslim-relaxed.wasm)

# The kernel tests ([kernels]: every microkernel against its scalar reference
# on awkward shapes, f32 within a tolerance) on the relaxed kernels, twice on
# Node 20: with Liftoff only and with TurboFan only. (Node 20's Liftoff
# computes i32x4.relaxed_dot_i8x16_i7x16_add_s wrong; each tier must be
# tested on its own.) Node >= 22 needs no flag and ignores it.
file(GLOB NNSLIM_KERNEL_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cpp/kernels/*.cc)
add_executable(nnslim_tests_relaxed ${NNSLIM_KERNEL_TEST_SOURCES} $<TARGET_OBJECTS:nnslim_kernels_relaxed>)
target_link_libraries(nnslim_tests_relaxed PRIVATE nnslim_core catch_main)
target_compile_definitions(nnslim_tests_relaxed PRIVATE NNSLIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_link_options(nnslim_tests_relaxed PRIVATE -sWASM_ASYNC_COMPILATION=0 -sENVIRONMENT=node
  -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sNODERAWFS=1 -sTOTAL_STACK=5242880 -sWASM_BIGINT)
set_target_properties(nnslim_tests_relaxed PROPERTIES SUFFIX .cjs CXX_LINKER_LAUNCHER "${NNSLIM_RELAXED_LINK_LAUNCHER}")
foreach(tier liftoff-only no-liftoff)
  add_test(NAME relaxed_kernels_${tier}
    COMMAND ${NNSLIM_NODE} --experimental-wasm-relaxed-simd --${tier}
      $<TARGET_FILE:nnslim_tests_relaxed> "[kernels]" --use-colour no)
endforeach()

# The same kernel tests as a web module, for headless Chromium
# (tests/js/browser.test.js loads tests/browser/kernel_tests.html with it):
# Chromium's V8 compiles relaxed SIMD itself, independently of Node's.
add_executable(nnslim_tests_relaxed_web ${NNSLIM_KERNEL_TEST_SOURCES} $<TARGET_OBJECTS:nnslim_kernels_relaxed>)
target_link_libraries(nnslim_tests_relaxed_web PRIVATE nnslim_core catch_main)
target_compile_definitions(nnslim_tests_relaxed_web PRIVATE NNSLIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_link_options(nnslim_tests_relaxed_web PRIVATE -sENVIRONMENT=web -sMODULARIZE=1 -sEXPORT_ES6=1
  -sEXPORT_NAME=createKernelTests -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB
  -sTOTAL_STACK=5242880 -sWASM_BIGINT)
set_target_properties(nnslim_tests_relaxed_web PROPERTIES SUFFIX .mjs CXX_LINKER_LAUNCHER "${NNSLIM_RELAXED_LINK_LAUNCHER}")

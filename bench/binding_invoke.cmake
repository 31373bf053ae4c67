# binding-invoke-bench (bench/binding_invoke.cc): per-call cost of OutputBinding::invoke() for
# an echo guest, assembled here from bench/binding_invoke_echo.wat. Included from
# bench/CMakeLists.txt when WASMBIND_BENCH=ON; Debian: libbenchmark-dev, wabt.
#   cmake --build build/<dir> --target binding-invoke-bench && build/<dir>/bench/binding-invoke-bench
find_package(benchmark REQUIRED)
find_program(WASMBIND_BENCH_WAT2WASM wat2wasm REQUIRED)
set(binding_bench_echo "${CMAKE_CURRENT_BINARY_DIR}/binding_invoke_echo.wasm")
add_custom_command(OUTPUT ${binding_bench_echo}
  COMMAND ${WASMBIND_BENCH_WAT2WASM} "${CMAKE_CURRENT_SOURCE_DIR}/binding_invoke_echo.wat" -o ${binding_bench_echo}
  DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/binding_invoke_echo.wat" VERBATIM)
add_custom_target(binding_invoke_echo_wasm DEPENDS ${binding_bench_echo})
add_executable(binding-invoke-bench binding_invoke.cc)
target_link_libraries(binding-invoke-bench PRIVATE wasmbind::binding benchmark::benchmark wasmbind_warnings)
target_compile_definitions(binding-invoke-bench PRIVATE WASMBIND_BENCH_ECHO_WASM="${binding_bench_echo}")
add_dependencies(binding-invoke-bench binding_invoke_echo_wasm)

# Building C programs into wasm32-wasi guest modules at build time (clang + wasi-libc), for
# tests and examples. No .wasm binary is ever checked in; every guest is compiled from source.
#
#   include(${PROJECT_SOURCE_DIR}/cmake/WasiGuest.cmake)
#   if(WASMBIND_WASI_GUESTS_OK)
#     wasmbind_add_wasi_guest(OUTPUT ${dir}/x.wasm SOURCES x.c [FLAGS -mexec-model=reactor]
#                             [DEPENDS header.h ...])
#   else()
#     message(WARNING "... ${WASMBIND_WASI_GUESTS_ERROR}")
#   endif()
#
# Including the file sets, in the including scope:
#   WASMBIND_WASI_CC             the clang used for guests (cache; clang-14 or clang)
#   WASMBIND_WASI_SYSROOT        the wasi-libc sysroot (cache; empty = the compiler's default)
#   WASMBIND_WASI_GUEST_FLAGS    the flags every guest is compiled with
#   WASMBIND_WASI_GUESTS_OK      TRUE when that compiler built a probe WASI program
#   WASMBIND_WASI_GUESTS_ERROR   the compiler's complaint when it did not
# The probe compiles once per configure run, however many directories include this file.

find_program(WASMBIND_WASI_CC NAMES clang-14 clang DOC "clang that targets wasm32-wasi, for the test guests")
set(_wasmbind_default_sysroot "")
if(EXISTS /usr/share/wasi-sysroot)
  set(_wasmbind_default_sysroot /usr/share/wasi-sysroot)
endif()
# Empty: the compiler's own default, which for Debian's clang is its wasi-libc package
# (/usr/lib/wasm32-wasi, /usr/include/wasm32-wasi).
set(WASMBIND_WASI_SYSROOT "${_wasmbind_default_sysroot}" CACHE PATH "wasi-libc sysroot for the WASI test guests")

set(WASMBIND_WASI_GUEST_FLAGS --target=wasm32-wasi -O2 -Wall -Wextra -Werror)
if(WASMBIND_WASI_SYSROOT)
  list(APPEND WASMBIND_WASI_GUEST_FLAGS --sysroot=${WASMBIND_WASI_SYSROOT})
endif()

# Can this compiler build a WASI program at all (wasi-libc, wasm-ld, the wasm32 builtins)?
# The answer is kept in global properties so later includes in the same run reuse it.
get_property(_wasmbind_probed GLOBAL PROPERTY WASMBIND_WASI_PROBED SET)
if(NOT _wasmbind_probed)
  set(_wasmbind_ok FALSE)
  set(_wasmbind_error "no clang found (WASMBIND_WASI_CC)")
  if(WASMBIND_WASI_CC)
    set(_wasmbind_probe_dir "${PROJECT_BINARY_DIR}/wasi-guest-probe")
    file(MAKE_DIRECTORY "${_wasmbind_probe_dir}")
    file(WRITE "${_wasmbind_probe_dir}/probe.c"
         "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n")
    execute_process(COMMAND ${WASMBIND_WASI_CC} ${WASMBIND_WASI_GUEST_FLAGS} probe.c -o probe.wasm
      WORKING_DIRECTORY "${_wasmbind_probe_dir}" RESULT_VARIABLE _wasmbind_status
      OUTPUT_QUIET ERROR_VARIABLE _wasmbind_error)
    if(_wasmbind_status EQUAL 0)
      set(_wasmbind_ok TRUE)
      set(_wasmbind_error "")
    endif()
  endif()
  set_property(GLOBAL PROPERTY WASMBIND_WASI_PROBED TRUE)
  set_property(GLOBAL PROPERTY WASMBIND_WASI_GUESTS_OK ${_wasmbind_ok})
  set_property(GLOBAL PROPERTY WASMBIND_WASI_GUESTS_ERROR "${_wasmbind_error}")
endif()
get_property(WASMBIND_WASI_GUESTS_OK GLOBAL PROPERTY WASMBIND_WASI_GUESTS_OK)
get_property(WASMBIND_WASI_GUESTS_ERROR GLOBAL PROPERTY WASMBIND_WASI_GUESTS_ERROR)

# wasmbind_add_wasi_guest(OUTPUT out.wasm SOURCES a.c... [FLAGS f...] [DEPENDS d...])
# A custom command compiling SOURCES (relative to the current source dir, or absolute) into
# OUTPUT; its folder is created at build time. FLAGS go to both the compile and the link step
# (e.g. -mexec-model=reactor). Add OUTPUT to a custom target to build it.
function(wasmbind_add_wasi_guest)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "OUTPUT" "SOURCES;FLAGS;DEPENDS")
  if(NOT arg_OUTPUT OR NOT arg_SOURCES)
    message(FATAL_ERROR "wasmbind_add_wasi_guest: OUTPUT and SOURCES are required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wasmbind_add_wasi_guest: unexpected arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  get_property(ok GLOBAL PROPERTY WASMBIND_WASI_GUESTS_OK)
  if(NOT ok)
    get_property(probe_error GLOBAL PROPERTY WASMBIND_WASI_GUESTS_ERROR)
    message(FATAL_ERROR "wasmbind_add_wasi_guest(${arg_OUTPUT}): no working wasm32-wasi clang; "
                        "check WASMBIND_WASI_GUESTS_OK first. ${probe_error}")
  endif()
  get_filename_component(out_dir "${arg_OUTPUT}" DIRECTORY)
  get_filename_component(out_name "${arg_OUTPUT}" NAME)
  string(MD5 output_hash "${arg_OUTPUT}")
  string(SUBSTRING "${output_hash}" 0 8 output_hash)
  set(object_dir "${CMAKE_CURRENT_BINARY_DIR}/wasi-guest-objects/${out_name}-${output_hash}")
  # Compile and link are separate steps, and the link step gets no -O: when clang links an
  # optimised wasm program it also runs binaryen's wasm-opt if one happens to be on PATH, which
  # changes the module and drops its name section (so traps lose their function names). The
  # guests must not depend on what else is installed.
  set(sources)
  set(objects)
  set(compile_commands)
  foreach(src IN LISTS arg_SOURCES)
    cmake_path(ABSOLUTE_PATH src BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" OUTPUT_VARIABLE abs)
    get_filename_component(stem "${abs}" NAME_WE)
    list(LENGTH objects index)
    set(object "${object_dir}/${index}-${stem}.o")
    list(APPEND sources "${abs}")
    list(APPEND objects "${object}")
    list(APPEND compile_commands COMMAND ${WASMBIND_WASI_CC} ${WASMBIND_WASI_GUEST_FLAGS}
         -Wno-unused-command-line-argument ${arg_FLAGS} -c "${abs}" -o "${object}")
  endforeach()
  set(link_flags ${WASMBIND_WASI_GUEST_FLAGS})
  list(FILTER link_flags EXCLUDE REGEX "^-O")
  add_custom_command(OUTPUT "${arg_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}" "${object_dir}"
    ${compile_commands}
    COMMAND ${WASMBIND_WASI_CC} ${link_flags} -Wno-unused-command-line-argument ${arg_FLAGS}
            ${objects} -o "${arg_OUTPUT}"
    DEPENDS ${sources} ${arg_DEPENDS}
    COMMENT "clang wasm32-wasi ${out_name}"
    VERBATIM)
endfunction()

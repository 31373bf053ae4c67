# Runs wasmbind-spec on one script and checks its exit code and output.
#   cmake -DRUNNER=<wasmbind-spec> -DWAST=<file.wast> -DEXPECT_RC=<n>
#         [-DEXPECT_1=<regex> -DEXPECT_2=<regex> ...] -P check_run.cmake
# The runner is run with --verbose and --features none, so failures are listed.
foreach(var RUNNER WAST EXPECT_RC)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_run.cmake: ${var} is not set")
  endif()
endforeach()

execute_process(
  COMMAND "${RUNNER}" --verbose --features none "${WAST}"
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
message(STATUS "wasmbind-spec exited with ${rc}; output:\n${out}${err}")

if(NOT rc STREQUAL EXPECT_RC)
  message(FATAL_ERROR "expected exit code ${EXPECT_RC}, got ${rc}")
endif()
set(i 1)
while(DEFINED EXPECT_${i})
  if(NOT out MATCHES "${EXPECT_${i}}")
    message(FATAL_ERROR "output does not match: ${EXPECT_${i}}")
  endif()
  math(EXPR i "${i} + 1")
endwhile()

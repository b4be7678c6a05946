# dateline_test(NAME SOURCES... [DEPS ...] [LABELS LABEL])
# Declares a GoogleTest executable and registers its tests with CTest. One label:
# gtest_discover_tests splits a list of them into separate properties, so only the
# first would stay (https://gitlab.kitware.com/cmake/cmake/-/issues/17812). Since
# `ctest -L` takes a regular expression, a compound label such as e2e-faults is
# selected by both `-L e2e` and `-L faults`.
function(dateline_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}")
endfunction()

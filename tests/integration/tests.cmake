# Integration tests: pytest files that drive the real `wfsim` binary and read
# its HDF5 output with h5py (Debian's /usr/bin/python3). One ctest per file.
set(WFSIM_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with h5py, numpy, pytest (Debian's)")
file(GLOB WFSIM_INTEGRATION_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/test_*.py)
foreach(test_file ${WFSIM_INTEGRATION_TESTS})
  get_filename_component(name ${test_file} NAME_WE)
  add_test(NAME integration.${name}
           COMMAND ${WFSIM_PYTHON} -m pytest -q -p no:cacheprovider ${test_file})
  set_tests_properties(integration.${name} PROPERTIES
    ENVIRONMENT "WFSIM_BIN=$<TARGET_FILE:wfsim>;WFSIM_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
    TIMEOUT 600)
endforeach()

# The analysis package's own tests, run on synthetic files and on real runs.
if(EXISTS ${CMAKE_SOURCE_DIR}/analysis/tests)
  add_test(NAME analysis.pytest
           COMMAND ${WFSIM_PYTHON} -m pytest -q -p no:cacheprovider ${CMAKE_SOURCE_DIR}/analysis/tests)
  set_tests_properties(analysis.pytest PROPERTIES
    ENVIRONMENT "WFSIM_BIN=$<TARGET_FILE:wfsim>;WFSIM_TEST_SCENARIO=${CMAKE_SOURCE_DIR}/tests/data/tiny.yaml"
    TIMEOUT 600)
endif()

# The module graph, written down for the test that holds #includes to it
# (tests/unit/ModuleArrowsTest.cpp): one line per module, "name folder: module module ...", the
# modules it may use, as its target links them.
set(EXADESK_MODULES_FILE "${PROJECT_BINARY_DIR}/modules.txt")
file(WRITE "${EXADESK_MODULES_FILE}" "")

function(exadesk_record_module name folder)
    list(JOIN ARGN " " uses)
    file(APPEND "${EXADESK_MODULES_FILE}" "${name} ${folder}: ${uses}\n")
endfunction()

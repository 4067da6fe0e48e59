# Windows: an NSIS installer (cpack -G NSIS) with the Qt libraries windeployqt gathers.
#
# A Windows program is a window or a console program, not both. exadesk.exe is the window: no
# console flashes up when it starts from the Start menu. exadesk.com, beside it, is the command
# line: cmd and PowerShell find .com before .exe, so `exadesk search ...` runs it; it starts
# exadesk.exe on its own console, with its input and output, and returns its exit code.
if(WIN32)
    set_target_properties(exadesk PROPERTIES WIN32_EXECUTABLE ON)
    add_executable(exadesk_console "${CMAKE_CURRENT_LIST_DIR}/ConsoleLauncher.cpp")
    # Its own build folder: exadesk.exe's .pdb and .ilk have the same name.
    set_target_properties(exadesk_console PROPERTIES OUTPUT_NAME exadesk SUFFIX ".com"
        RUNTIME_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/console")
    if(MINGW)
        target_link_options(exadesk_console PRIVATE -municode) # wmain
    endif()
    install(TARGETS exadesk_console RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
    # windeployqt, as Qt runs it for an application (Qt 6.4's signature), plus QtKeychain's DLL.
    qt_generate_deploy_app_script(TARGET exadesk FILENAME_VARIABLE exadesk_deploy_script
        NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT "${exadesk_deploy_script}")
    install(IMPORTED_RUNTIME_ARTIFACTS qt6keychain RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

# Read by the NSIS generator only; kept outside the WIN32 test so that the installer script can
# be generated and checked on Linux too (tests/packaging).
set(CPACK_NSIS_PACKAGE_NAME "ExaDesk")
set(CPACK_NSIS_DISPLAY_NAME "ExaDesk ${PROJECT_VERSION}")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_HELP_LINK "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_CONTACT "packages@exadesk.invalid")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY "bin")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\exadesk.exe")
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "exadesk.exe")
# `exadesk` on PATH, for the command line.
set(CPACK_NSIS_MODIFY_PATH ON)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_UNINSTALL_NAME "Uninstall ExaDesk")

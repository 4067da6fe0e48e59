# macOS: an application bundle with the Qt frameworks macdeployqt gathers, in a disk image
# (cpack -G DragNDrop). Signing and notarisation are steps of their own: packaging/README.md.
set_target_properties(exadesk PROPERTIES
    OUTPUT_NAME "ExaDesk"
    MACOSX_BUNDLE_BUNDLE_NAME "ExaDesk"
    MACOSX_BUNDLE_GUI_IDENTIFIER "${EXADESK_APP_ID}"
    MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
    MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
    MACOSX_BUNDLE_ICON_FILE "ExaDesk.icns"
    MACOSX_BUNDLE_INFO_PLIST "${CMAKE_CURRENT_LIST_DIR}/Info.plist.in")
qt_generate_deploy_app_script(TARGET exadesk FILENAME_VARIABLE exadesk_deploy_script NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT "${exadesk_deploy_script}")

set(CPACK_GENERATOR "DragNDrop")
set(CPACK_DMG_VOLUME_NAME "ExaDesk")
set(CPACK_DMG_FORMAT "UDBZ")

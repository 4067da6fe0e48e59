# Desktop integration for Linux and the .deb and .rpm CPack makes of it.
set(linux_dir "${CMAKE_CURRENT_LIST_DIR}")
set(linux_out "${CMAKE_CURRENT_BINARY_DIR}/linux")
set(doc_dir "${CMAKE_INSTALL_DATADIR}/doc/exadesk")

# Man page and changelog compressed as Debian wants them: gzip -9n (no name, no time stamp).
configure_file("${linux_dir}/exadesk.1.in" "${linux_out}/exadesk.1" @ONLY)
configure_file("${linux_dir}/copyright.in" "${linux_out}/copyright" @ONLY)
configure_file("${linux_dir}/${EXADESK_APP_ID}.metainfo.xml.in" "${linux_out}/${EXADESK_APP_ID}.metainfo.xml" @ONLY)
find_program(GZIP_PROGRAM gzip REQUIRED)
add_custom_command(OUTPUT "${linux_out}/exadesk.1.gz" "${linux_out}/changelog.gz"
    COMMAND "${GZIP_PROGRAM}" -9nc "${linux_out}/exadesk.1" > "${linux_out}/exadesk.1.gz"
    COMMAND "${GZIP_PROGRAM}" -9nc "${linux_dir}/changelog" > "${linux_out}/changelog.gz"
    DEPENDS "${linux_out}/exadesk.1" "${linux_dir}/changelog"
    COMMENT "Compressing the man page and the changelog")
add_custom_target(exadesk_linux_files ALL DEPENDS "${linux_out}/exadesk.1.gz" "${linux_out}/changelog.gz")

install(FILES "${linux_dir}/${EXADESK_APP_ID}.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${linux_out}/${EXADESK_APP_ID}.metainfo.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
install(FILES "${icon_svg}" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
    RENAME "${EXADESK_APP_ID}.svg")
install(DIRECTORY "${icons_out}/" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor")
install(FILES "${linux_out}/exadesk.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${linux_out}/copyright" "${linux_out}/changelog.gz" DESTINATION "${doc_dir}")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${doc_dir}")

# Debian: dependencies from the linked libraries (dpkg-shlibdeps; libqt6svg6 among them, which
# also holds the SVG icon engine plugin), plus what is loaded at run time: QtKeychain's
# libsecret and the Qt SQLite driver. A keychain and Qt's own translations are recommended.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsecret-1-0, libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager | keepassxc, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# RPM (Fedora's names): requirements from the linked libraries, plus the same run-time ones.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "${EXADESK_LICENSE_SPDX}")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
# libsecret is opened with dlopen: required by its soname, as RPM names a library.
set(CPACK_RPM_PACKAGE_REQUIRES "libsecret-1.so.0()(64bit), qt6-qtsvg")
set(CPACK_RPM_SPEC_MORE_DEFINE "%define packager ${CPACK_PACKAGE_CONTACT}")
set(CPACK_RPM_PACKAGE_AUTOREQPROV ON)
set(CPACK_RPM_CHANGELOG_FILE "${linux_dir}/rpm-changelog")
# Folders the filesystem and hicolor-icon-theme packages own are not ours to own.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/man /usr/share/man/man1
    /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps /usr/share/doc)
foreach(size IN LISTS icon_sizes)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        "/usr/share/icons/hicolor/${size}x${size}" "/usr/share/icons/hicolor/${size}x${size}/apps")
endforeach()

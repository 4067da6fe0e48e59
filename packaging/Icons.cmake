# The application icon in the sizes of the hicolor theme (Linux packages; the macOS .icns is made
# from them), drawn from the SVG at build time by the Qt SVG renderer the
# window uses.
set(icon_svg "${PROJECT_SOURCE_DIR}/resources/icons/exadesk.svg")
set(icon_sizes 16 22 24 32 48 64 128 256 512)
set(icons_out "${CMAKE_CURRENT_BINARY_DIR}/icons")
qt_add_executable(exadesk_render_icons "${CMAKE_CURRENT_LIST_DIR}/RenderIcons.cpp")
target_link_libraries(exadesk_render_icons PRIVATE Qt6::Gui Qt6::Svg ExaDesk::BuildSettings)
set_target_properties(exadesk_render_icons PROPERTIES MACOSX_BUNDLE OFF WIN32_EXECUTABLE OFF)
set(icon_pngs)
foreach(size IN LISTS icon_sizes)
    list(APPEND icon_pngs "${icons_out}/${size}x${size}/apps/${EXADESK_APP_ID}.png")
endforeach()
add_custom_command(OUTPUT ${icon_pngs}
    COMMAND exadesk_render_icons "${icon_svg}" "${icons_out}" "${EXADESK_APP_ID}" ${icon_sizes}
    DEPENDS exadesk_render_icons "${icon_svg}"
    COMMENT "Rendering the application icon in the hicolor sizes")
add_custom_target(exadesk_icons ALL DEPENDS ${icon_pngs})

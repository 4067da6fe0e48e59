# One INTERFACE target carries every flag our own targets share; third-party code never sees it.

# Qt 6.4's qt_standard_project_setup() does not set the language standard.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

add_library(exadesk_build_settings INTERFACE)
add_library(ExaDesk::BuildSettings ALIAS exadesk_build_settings)

target_compile_features(exadesk_build_settings INTERFACE cxx_std_20)
target_compile_options(exadesk_build_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wshadow=local -Wimplicit-fallthrough
    $<$<BOOL:${EXADESK_WERROR}>:-Werror>)

target_compile_definitions(exadesk_build_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

if(EXADESK_SANITIZERS)
    list(JOIN EXADESK_SANITIZERS "," _exadesk_sanitize)
    target_compile_options(exadesk_build_settings INTERFACE
        -fsanitize=${_exadesk_sanitize} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(exadesk_build_settings INTERFACE -fsanitize=${_exadesk_sanitize})
endif()

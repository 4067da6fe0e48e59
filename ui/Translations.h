#pragma once

#include <QLocale>

namespace exadesk {

// ExaDesk's translation and Qt's own for a language. Installing another replaces the ones before,
// and Qt tells every widget (QEvent::LanguageChange).
namespace Translations {

// `folder` holds exadesk_<language>.qm: the app's resources, or a build folder in tests.
void install(const QLocale& locale, const QString& folder = QStringLiteral(":/i18n"));
// The locale for a language code of the Settings page ("" for the system's).
QLocale localeFor(const QString& code);

} // namespace Translations

} // namespace exadesk

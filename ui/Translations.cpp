#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace exadesk::Translations {
namespace {

QPointer<QTranslator>& ours()
{
    static QPointer<QTranslator> translator;
    return translator;
}

QPointer<QTranslator>& qts()
{
    static QPointer<QTranslator> translator;
    return translator;
}

void replace(QPointer<QTranslator>& slot, const QLocale& locale, const QString& name, const QString& folder,
             bool englishOtherwise)
{
    if (slot) {
        QCoreApplication::removeTranslator(slot);
        delete slot;
    }
    auto* translator = new QTranslator(QCoreApplication::instance());
    // A language ExaDesk is not translated into reads English, with English plurals ("10 results",
    // not the source's "10 result(s)").
    if (translator->load(locale, name, u"_"_s, folder)
        || (englishOtherwise && translator->load(QLocale(QLocale::English), name, u"_"_s, folder))) {
        QCoreApplication::installTranslator(translator);
        slot = translator;
    } else {
        delete translator;
    }
}

} // namespace

QLocale localeFor(const QString& code)
{
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

void install(const QLocale& locale, const QString& folder)
{
    QLocale::setDefault(locale);
    replace(ours(), locale, u"exadesk"_s, folder, true);
    replace(qts(), locale, u"qtbase"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath), false);
}

} // namespace exadesk::Translations

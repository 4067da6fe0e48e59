#include "Redactor.h"

#include "KeyMask.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

// Keys are ASCII; any other character (a CJK one too) ends a word, so a key written right
// after one is still found.
bool isWordChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-' || u == u'_';
}

bool isWord(const QString& text)
{
    return std::all_of(text.cbegin(), text.cend(), isWordChar);
}

} // namespace

Redactor& Redactor::instance()
{
    static Redactor redactor;
    return redactor;
}

void Redactor::addSecret(const QString& secret)
{
    // Shorter than this, masking would blank out ordinary text everywhere.
    if (secret.size() < 4)
        return;
    const QMutexLocker lock(&m_mutex);
    if (isWord(secret) && secret.size() >= 8) {
        m_tokens.insert(secret);
        return;
    }
    // As written, and as it appears inside a URL.
    for (const QString& form : {secret, QString::fromLatin1(QUrl::toPercentEncoding(secret))}) {
        if (!m_phrases.contains(form))
            m_phrases.append(form);
    }
}

void Redactor::forget(const QString& secret)
{
    const QMutexLocker lock(&m_mutex);
    m_tokens.remove(secret);
    m_phrases.removeAll(secret);
    m_phrases.removeAll(QString::fromLatin1(QUrl::toPercentEncoding(secret)));
}

void Redactor::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_tokens.clear();
    m_phrases.clear();
}

QString Redactor::redact(const QString& text) const
{
    // Anything shaped like an Exa key (a UUID, dashes optional), known or not.
    static const QRegularExpression uuidShaped(
        u"(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}(?![0-9A-Fa-f])"_s);
    QString result;
    result.reserve(text.size());
    {
        const QMutexLocker lock(&m_mutex);
        // Words are looked up, so thousands of known keys cost no more than a few.
        qsizetype i = 0;
        while (i < text.size()) {
            if (!isWordChar(text.at(i))) {
                result.append(text.at(i++));
                continue;
            }
            qsizetype end = i;
            while (end < text.size() && isWordChar(text.at(end)))
                ++end;
            const QString word = text.sliced(i, end - i);
            result.append(m_tokens.contains(word) ? maskKey(word) : word);
            i = end;
        }
        for (const QString& phrase : m_phrases)
            result.replace(phrase, u"••••"_s);
    }
    QString masked;
    qsizetype last = 0;
    for (auto match = uuidShaped.globalMatch(result); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        masked += result.sliced(last, found.capturedStart() - last) + maskKey(found.capturedView());
        last = found.capturedEnd();
    }
    masked += result.sliced(last);
    return masked;
}

} // namespace exadesk

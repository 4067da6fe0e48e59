#pragma once

#include <QMutex>
#include <QSet>
#include <QString>

namespace exadesk {

// Takes secrets out of text bound for a log, an error message or an exception: every key and
// proxy password it has been told about, exactly, and anything shaped like an Exa key (a UUID)
// even when it was never told. Thread-safe: Qt may log from any thread.
class Redactor
{
public:
    // The one the message handler uses.
    static Redactor& instance();

    void addSecret(const QString& secret);
    void forget(const QString& secret);
    void clear();

    QString redact(const QString& text) const;

private:
    mutable QMutex m_mutex;
    QSet<QString> m_tokens; // keys: ASCII words, found by looking words up
    QList<QString> m_phrases; // passwords (and short or odd secrets): replaced wherever they are
};

} // namespace exadesk

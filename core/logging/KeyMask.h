#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace exadesk {

// How a key is shown anywhere a person or a log can see it: `exa-…9f3c`. Short keys reveal
// less of their tail, so a mask never gives away a meaningful share of the secret.
QString maskKey(QStringView key);

// Every form in which a key may come back from whatever answered a call: as it is, cut short
// (its first 16 characters and on: a key cut short still gives most of it away), JSON-escaped
// (\u0061...) and in base64 (at each of the three alignments, standard and URL-safe).
class KeyForms
{
public:
    explicit KeyForms(QStringView key);

    bool isEmpty() const { return m_key.isEmpty(); }
    // `data` with every form of the key in it masked.
    QByteArray masked(QByteArrayView data) const;
    // How long the longest end of `data` is that could be the beginning of a form.
    qsizetype openEnd(QByteArrayView data) const;

private:
    QByteArray m_key;
    QByteArray m_head; // the shortest start of the key that is masked wherever it appears
    QList<QByteArray> m_encoded; // escaped and base64 forms
    QByteArray m_mask;
};

// Masks a key in data that arrives in pieces (a streamed answer), also when the key is split
// between two pieces: the end of a piece that could begin a form of the key is held back until
// the next piece shows whether it does.
class StreamKeyMask
{
public:
    // `forms` must outlive it.
    explicit StreamKeyMask(const KeyForms& forms);

    // What of `piece` (and of what was held back) may go on now, masked.
    QByteArray feed(QByteArrayView piece);
    // The end: what was held back.
    QByteArray finish();

private:
    const KeyForms& m_forms;
    QByteArray m_held;
};

} // namespace exadesk

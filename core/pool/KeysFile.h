#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

// Keys as a person writes them: one per line, or `label,key`; blank lines and `#` comments
// are skipped. Used for pasted text, imports and the `--keys-file` of headless use.
namespace exadesk {

struct KeyLine
{
    int line = 0; // 1-based
    QString label;
    QString secret;
};

// A line that was not taken, and why, in words that never repeat the secret.
struct KeyLineProblem
{
    int line = 0;
    QString reason;
    bool duplicate = false; // the line repeats a key seen before; otherwise it is malformed
};

struct KeyLines
{
    QList<KeyLine> keys;
    QList<KeyLineProblem> problems;
};

class KeysFile
{
    Q_DECLARE_TR_FUNCTIONS(KeysFile)

public:
    // Good lines are kept when others are bad; a key seen twice is taken once.
    static KeyLines parse(QStringView text);
    // Refuses a file other users can read, as ssh does with a private key, and says why.
    static std::optional<KeyLines> read(const QString& path, QString* error);

    // Why `secret` cannot be an API key, or empty when it can.
    static QString shapeProblem(QStringView secret);
    // Why `label` cannot be a key's label (it holds what looks like a key, which would then be
    // shown everywhere a label is), or empty when it can.
    static QString labelProblem(QStringView label);
    // A stable id for a key known only by its secret (a hash, not the secret).
    static QString idFor(const QString& secret);
};

} // namespace exadesk

#include "KeysFile.h"

#include "base/PrivateFile.h"
#include "logging/KeyMask.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileDevice>
#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

constexpr int kMinKeyLength = 8;
constexpr int kMaxKeyLength = 256;
constexpr qint64 kMaxFileBytes = 64LL * 1024 * 1024;

// Exa's keys are UUIDs: 32 hex digits, with or without dashes.
const QString kKeyPattern = u"[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}"_s;

bool looksLikeKey(QStringView text)
{
    static const QRegularExpression key(QRegularExpression::anchoredPattern(kKeyPattern));
    return key.match(text).hasMatch();
}

} // namespace

QString KeysFile::shapeProblem(QStringView secret)
{
    if (secret.isEmpty())
        return tr("the key is empty");
    if (secret.size() < kMinKeyLength)
        return tr("the key is too short to be an API key (%n characters)", nullptr, static_cast<int>(secret.size()));
    if (secret.size() > kMaxKeyLength)
        return tr("the key is too long to be an API key (%n characters)", nullptr, static_cast<int>(secret.size()));
    for (const QChar c : secret) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return tr("the key contains a space or a character API keys do not have");
    }
    if (secret.contains(u"://") || secret.contains(u'/'))
        return tr("this is a web address, not an API key; copy the key itself from dashboard.exa.ai/api-keys");
    if (secret.contains(u','))
        return tr("the key contains a comma; put its label in the label's own place");
    return {};
}

QString KeysFile::labelProblem(QStringView label)
{
    static const QRegularExpression keyInside(kKeyPattern);
    if (keyInside.match(label).hasMatch())
        return tr("the label holds what looks like an API key; put the key in its own place, not in the label");
    return {};
}

QString KeysFile::idFor(const QString& secret)
{
    const QByteArray digest = QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
    return u"key-"_s + QString::fromLatin1(digest.toHex().left(16));
}

KeyLines KeysFile::parse(QStringView text)
{
    KeyLines result;
    QHash<QString, int> seen; // secret -> line
    int number = 0;
    for (QStringView line : text.tokenize(u'\n')) {
        ++number;
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        KeyLine key;
        key.line = number;
        const qsizetype comma = line.lastIndexOf(u',');
        if (comma >= 0) {
            key.label = line.left(comma).trimmed().toString();
            key.secret = line.mid(comma + 1).trimmed().toString();
        } else {
            key.secret = line.toString();
        }
        // "key,label" written the wrong way round would show the key as its label everywhere.
        if (looksLikeKey(key.label)) {
            result.problems.append({number, tr("the label looks like a key; write the label first: label,key")});
            continue;
        }
        if (const QString problem = labelProblem(key.label); !problem.isEmpty()) {
            result.problems.append({number, problem});
            continue;
        }
        if (const QString problem = shapeProblem(key.secret); !problem.isEmpty()) {
            result.problems.append({number, problem});
            continue;
        }
        if (const auto first = seen.constFind(key.secret); first != seen.cend()) {
            result.problems.append({number, tr("the same key as line %1").arg(first.value()), true});
            continue;
        }
        seen.insert(key.secret, number);
        if (key.label.isEmpty())
            key.label = maskKey(key.secret);
        result.keys.append(key);
    }
    return result;
}

std::optional<KeyLines> KeysFile::read(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.exists()) {
        *error = tr("The keys file %1 does not exist.").arg(path);
        return std::nullopt;
    }
    if (othersMayAccess(file)) {
        *error = tr("The keys file %1 can be read or changed by other users, so it is not used. Make it private "
                    "with: chmod 600 %1")
                     .arg(path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("The keys file %1 cannot be read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileBytes) {
        *error = tr("The keys file %1 is too large to be a list of keys.").arg(path);
        return std::nullopt;
    }
    return parse(QString::fromUtf8(file.readAll()));
}

} // namespace exadesk

#pragma once

#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>

#include <optional>

namespace exadesk {

// The local port's access token, kept in the keychain: read, made on first use, or replaced.
// finished() comes once, from the event loop.
class AccessTokenTask : public QObject
{
    Q_OBJECT

public:
    // Reads the token; where there is none yet, makes one and stores it.
    static AccessTokenTask* load(SecretStore& store, QObject* parent = nullptr);
    // Makes a new token and stores it over the old one.
    static AccessTokenTask* regenerate(SecretStore& store, QObject* parent = nullptr);

    bool isFinished() const { return m_finished; }
    const SecretError& error() const { return m_error; }
    const QByteArray& token() const { return m_token; }
    bool wasCreated() const { return m_created; }

Q_SIGNALS:
    void finished();

private:
    AccessTokenTask(SecretStore& store, QObject* parent);
    void store();
    void finish(SecretError error);

    SecretStore& m_store;
    QByteArray m_token;
    bool m_created = false;
    bool m_finished = false;
    SecretError m_error;
};

// A token from a file only its owner can read (`exadesk serve --token-file`, for servers with
// no keychain); on failure, nullopt and why in `error`.
std::optional<QByteArray> readTokenFile(const QString& path, QString* error);

} // namespace exadesk

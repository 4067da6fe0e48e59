#pragma once

#include "engine/VaultOpener.h"

#include <QCoreApplication>
#include <QStringList>

#include <optional>

namespace exadesk {

// `exadesk vault`: how the data folder's secrets are guarded (the keychain, a passphrase), and
// starting over when their key is lost. Also where every command gets its passphrase from.
class VaultCommand
{
    Q_DECLARE_TR_FUNCTIONS(VaultCommand)

public:
    int run(const QString& program, const QStringList& arguments);

    static constexpr auto kPassphraseFileVariable = "EXADESK_VAULT_PASSPHRASE_FILE";
    // The passphrase in the file EXADESK_VAULT_PASSPHRASE_FILE names (which --vault-passphrase-file
    // sets), and a terminal prompt for when one is needed; nothing after saying on stderr why the
    // file cannot be used.
    static std::optional<VaultPassphrase> passphrase();
    // The passphrase in the file EXADESK_VAULT_PASSPHRASE_FILE names; nothing when none is named,
    // or (with `error`) when the file cannot be used.
    static std::optional<QString> givenPassphrase(QString* error);
    // The first line of a file only its owner may read; empty, with `error`, otherwise.
    static QString readPassphraseFile(const QString& path, QString* error);

private:
    int usage(int exitCode);
    int status();
    int setPassphrase(const QStringList& arguments);
    int startOver(const QStringList& arguments);

    QString m_program;
};

} // namespace exadesk

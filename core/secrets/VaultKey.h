#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>
#include <optional>

// The key that seals the pool's secrets: 256 random bits, kept in memory libsodium allocates
// guarded, locked (never swapped, left out of core dumps) and read-only, and wipes when the
// last holder lets go. Secrets are sealed with XChaCha20-Poly1305 under a fresh random nonce;
// the context (a row's name) is bound in as associated data, so a sealed value moved to another
// row does not open.
namespace exadesk {

class VaultKey
{
public:
    static constexpr int kSize = 32;

    // A strong password hash's cost, stored beside its salt so it can be raised later.
    struct PassphraseCost
    {
        quint64 operations = 0;
        quint64 memoryBytes = 0;
        static PassphraseCost standard();
    };

    // A fresh random key; null only when locked memory cannot be had.
    static std::shared_ptr<const VaultKey> generate();
    // The key whose bytes these are (as exported()); null when they are not a key.
    static std::shared_ptr<const VaultKey> fromBytes(QByteArrayView bytes);
    // The key Argon2id derives from a passphrase and salt; null when the memory is not there.
    static std::shared_ptr<const VaultKey> fromPassphrase(QByteArrayView passphrase, QByteArrayView salt,
                                                          PassphraseCost cost);
    static QByteArray randomSalt();

    ~VaultKey();
    VaultKey(const VaultKey&) = delete;
    VaultKey& operator=(const VaultKey&) = delete;

    // nonce || ciphertext || tag.
    QByteArray seal(QByteArrayView plain, QByteArrayView context) const;
    // What seal() sealed under the same key and context; nothing when the value was changed,
    // sealed for another context or with another key.
    std::optional<QByteArray> open(QByteArrayView sealed, QByteArrayView context) const;
    // The raw bytes, to hand to a keychain; the caller wipes them (wipe()).
    QByteArray exported() const;

    // Overwrites a copy of secret bytes before it is freed.
    static void wipe(QByteArray& bytes);

private:
    VaultKey() = default;
    static std::shared_ptr<VaultKey> allocate();
    void makeReadOnly();

    unsigned char* m_bytes = nullptr;
};

} // namespace exadesk

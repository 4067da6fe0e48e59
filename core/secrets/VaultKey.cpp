#include "VaultKey.h"

#include <cstring>
#include <sodium.h>

namespace exadesk {
namespace {

constexpr auto kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr auto kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(VaultKey::kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

const unsigned char* bytesOf(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char*>(view.data());
}

} // namespace

VaultKey::PassphraseCost VaultKey::PassphraseCost::standard()
{
    // libsodium's "interactive" Argon2id: a fraction of a second and 64 MiB on a small server,
    // paid once per start.
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

std::shared_ptr<VaultKey> VaultKey::allocate()
{
    if (!sodiumReady())
        return {};
    std::shared_ptr<VaultKey> key(new VaultKey);
    // sodium_malloc places the key before a guard page and mlock()s it (and marks it not to be
    // dumped); sodium_free wipes it.
    key->m_bytes = static_cast<unsigned char*>(sodium_malloc(kSize));
    if (!key->m_bytes)
        return {};
    return key;
}

void VaultKey::makeReadOnly()
{
    sodium_mprotect_readonly(m_bytes);
}

VaultKey::~VaultKey()
{
    if (m_bytes)
        sodium_free(m_bytes);
}

std::shared_ptr<const VaultKey> VaultKey::generate()
{
    auto key = allocate();
    if (!key)
        return {};
    crypto_aead_xchacha20poly1305_ietf_keygen(key->m_bytes);
    key->makeReadOnly();
    return key;
}

std::shared_ptr<const VaultKey> VaultKey::fromBytes(QByteArrayView bytes)
{
    if (bytes.size() != kSize)
        return {};
    auto key = allocate();
    if (!key)
        return {};
    std::memcpy(key->m_bytes, bytes.data(), kSize);
    key->makeReadOnly();
    return key;
}

std::shared_ptr<const VaultKey> VaultKey::fromPassphrase(QByteArrayView passphrase, QByteArrayView salt,
                                                         PassphraseCost cost)
{
    if (salt.size() != crypto_pwhash_SALTBYTES)
        return {};
    auto key = allocate();
    if (!key)
        return {};
    if (crypto_pwhash(key->m_bytes, kSize, passphrase.data(), static_cast<unsigned long long>(passphrase.size()),
                      bytesOf(salt), cost.operations, static_cast<size_t>(cost.memoryBytes),
                      crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return {};
    key->makeReadOnly();
    return key;
}

QByteArray VaultKey::randomSalt()
{
    QByteArray salt(crypto_pwhash_SALTBYTES, Qt::Uninitialized);
    if (sodiumReady())
        randombytes_buf(salt.data(), static_cast<size_t>(salt.size()));
    return salt;
}

QByteArray VaultKey::seal(QByteArrayView plain, QByteArrayView context) const
{
    QByteArray sealed(static_cast<qsizetype>(kNonceSize + static_cast<size_t>(plain.size()) + kTagSize),
                      Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    randombytes_buf(out, kNonceSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceSize, &written, bytesOf(plain),
                                               static_cast<unsigned long long>(plain.size()), bytesOf(context),
                                               static_cast<unsigned long long>(context.size()), nullptr, out, m_bytes);
    return sealed;
}

std::optional<QByteArray> VaultKey::open(QByteArrayView sealed, QByteArrayView context) const
{
    if (static_cast<size_t>(sealed.size()) < kNonceSize + kTagSize)
        return std::nullopt;
    QByteArray plain(static_cast<qsizetype>(static_cast<size_t>(sealed.size()) - kNonceSize - kTagSize),
                     Qt::Uninitialized);
    unsigned long long written = 0;
    const unsigned char* in = bytesOf(sealed);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, in + kNonceSize,
            static_cast<unsigned long long>(sealed.size()) - kNonceSize, bytesOf(context),
            static_cast<unsigned long long>(context.size()), in, m_bytes)
        != 0)
        return std::nullopt;
    return plain;
}

QByteArray VaultKey::exported() const
{
    return QByteArray(reinterpret_cast<const char*>(m_bytes), kSize);
}

void VaultKey::wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty())
        sodium_memzero(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

} // namespace exadesk

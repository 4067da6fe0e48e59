// The vault key: what it seals opens only with the same key and context; a changed byte, another
// key or another context opens nothing; a passphrase derives the same key from the same salt.
#include "secrets/VaultKey.h"

#include <gtest/gtest.h>

using exadesk::VaultKey;

namespace {

VaultKey::PassphraseCost cheap()
{
    // The smallest cost libsodium allows: these tests check the derivation, not its strength.
    return {1, 8 * 1024};
}

} // namespace

TEST(VaultKeyTest, WhatItSealsOpensOnlyWithTheSameKeyAndContext)
{
    const auto key = VaultKey::generate();
    ASSERT_TRUE(key);
    const QByteArray secret = "11111111-2222-3333-4444-555555559f3c";
    const QByteArray sealed = key->seal(secret, "key:a");
    EXPECT_FALSE(sealed.contains(secret));
    EXPECT_TRUE(key->open(sealed, "key:a") == secret) << "the secret differs";
    // A fresh nonce each time: the same secret never seals to the same bytes.
    EXPECT_NE(key->seal(secret, "key:a"), sealed);

    EXPECT_FALSE(key->open(sealed, "key:b").has_value());
    EXPECT_FALSE(VaultKey::generate()->open(sealed, "key:a").has_value());
    for (qsizetype i = 0; i < sealed.size(); i += 7) {
        QByteArray changed = sealed;
        changed[i] = static_cast<char>(changed.at(i) ^ 0x20);
        EXPECT_FALSE(key->open(changed, "key:a").has_value()) << "byte " << i;
    }
    EXPECT_FALSE(key->open(sealed.left(10), "key:a").has_value());
    EXPECT_FALSE(key->open({}, "key:a").has_value());
}

TEST(VaultKeyTest, ItsBytesMakeTheSameKey)
{
    const auto key = VaultKey::generate();
    QByteArray bytes = key->exported();
    ASSERT_EQ(bytes.size(), VaultKey::kSize);
    const auto again = VaultKey::fromBytes(bytes);
    VaultKey::wipe(bytes);
    EXPECT_TRUE(bytes.isEmpty());
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->open(key->seal("x", "c"), "c") == QByteArray("x")) << "the secret differs";
    EXPECT_FALSE(VaultKey::fromBytes("too short"));
}

TEST(VaultKeyTest, APassphraseAndSaltDeriveOneKey)
{
    const QByteArray salt = VaultKey::randomSalt();
    const auto first = VaultKey::fromPassphrase("correct horse", salt, cheap());
    const auto second = VaultKey::fromPassphrase("correct horse", salt, cheap());
    ASSERT_TRUE(first && second);
    const QByteArray sealed = first->seal("vault key", "guard");
    EXPECT_TRUE(second->open(sealed, "guard") == QByteArray("vault key")) << "the secret differs";
    EXPECT_FALSE(VaultKey::fromPassphrase("correct horsE", salt, cheap())->open(sealed, "guard").has_value());
    EXPECT_FALSE(
        VaultKey::fromPassphrase("correct horse", VaultKey::randomSalt(), cheap())->open(sealed, "guard").has_value());
    EXPECT_FALSE(VaultKey::fromPassphrase("correct horse", "short salt", cheap()));
}

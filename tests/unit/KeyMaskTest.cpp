#include "logging/KeyMask.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

TEST(KeyMask, ShowsOnlyTheTailOfALongKey)
{
    EXPECT_EQ(exadesk::maskKey(u"3b7e1c2a-8d4f-4e6a-9b1c-5f2e7a9d9f3c"_s), u"exa-…9f3c"_s);
}

TEST(KeyMask, ShowsLessOfShortKeys)
{
    EXPECT_EQ(exadesk::maskKey(u"abcdefghij"_s), u"exa-…ij"_s);
    EXPECT_EQ(exadesk::maskKey(u"abc"_s), u"exa-…"_s);
    EXPECT_EQ(exadesk::maskKey(u""_s), u"exa-…"_s);
}

TEST(KeyMask, IgnoresSurroundingWhitespace)
{
    EXPECT_EQ(exadesk::maskKey(u"  3b7e1c2a-8d4f-4e6a-9b1c-5f2e7a9d9f3c\n"_s), u"exa-…9f3c"_s);
}

const QString kKey = u"3b7e1c2a-8d4f-4e6a-9b1c-5f2e7a9d9f3c"_s;

// Every way the key could be read back out of `data`.
void expectNoKeyIn(const QByteArray& data)
{
    const QByteArray key = kKey.toUtf8();
    // Where, not what: a failure message shows no key.
    EXPECT_FALSE(data.contains(key.left(16))) << "at byte " << data.indexOf(key.left(16));
    QByteArray decoded = data;
    for (qsizetype at = decoded.indexOf("\\u00"); at >= 0; at = decoded.indexOf("\\u00", at))
        decoded.replace(at, 6, QByteArray::fromHex(decoded.mid(at + 4, 2)));
    EXPECT_FALSE(decoded.contains(key.left(16))) << "JSON-escaped, at byte " << decoded.indexOf(key.left(16));
    for (const QByteArray& word : data.split(' ')) {
        for (int offset = 0; offset < 3; ++offset) {
            for (const auto alphabet : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
                const QByteArray tail = word.mid(offset);
                EXPECT_FALSE(QByteArray::fromBase64(tail, alphabet).contains(key.left(16)))
                    << "in base64, at byte " << data.indexOf(word);
            }
        }
    }
}

TEST(KeyForms, MasksTheKeyInEveryFormItMayComeBackIn)
{
    const exadesk::KeyForms forms(kKey);
    const QByteArray key = kKey.toUtf8();
    QByteArray escaped;
    for (const char c : key)
        escaped += "\\u00" + QByteArray(1, c).toHex();
    QByteArray data = "as is: " + key + " cut short: " + key.left(20) + " escaped: " + escaped
        + " upper: " + escaped.toUpper().replace("\\U", "\\u");
    for (int pad = 0; pad < 3; ++pad) {
        data += " b64: " + (QByteArray(pad, 'x') + key + "!").toBase64();
        data += " b64url: " + (QByteArray(pad, 'y') + key).toBase64(QByteArray::Base64UrlEncoding);
    }
    const QByteArray masked = forms.masked(data);
    expectNoKeyIn(masked);
    EXPECT_EQ(masked.count(exadesk::maskKey(kKey).toUtf8()), 10);
    // Other text is left as it was.
    EXPECT_EQ(forms.masked("3b7e1c2a-8d4f and r_0123456789"), "3b7e1c2a-8d4f and r_0123456789");
}

TEST(KeyForms, AStreamSplitAnywhereIsMaskedWhole)
{
    const QByteArray key = kKey.toUtf8();
    const QByteArray whole = "data: {\"echo\":\"" + key + "\",\"b64\":\"" + key.toBase64() + "\"}\n\n";
    for (qsizetype cut = 1; cut < whole.size(); ++cut) {
        const exadesk::KeyForms forms(kKey);
        exadesk::StreamKeyMask mask(forms);
        QByteArray out = mask.feed(whole.first(cut));
        out += mask.feed(whole.sliced(cut));
        out += mask.finish();
        expectNoKeyIn(out);
        EXPECT_TRUE(out == exadesk::KeyForms(kKey).masked(whole)) << "cut at " << cut;
    }
    // Nothing that cannot begin the key is held back: an event goes on as it comes.
    const exadesk::KeyForms forms(kKey);
    exadesk::StreamKeyMask mask(forms);
    EXPECT_EQ(mask.feed("data: {}\n\n"), "data: {}\n\n");
}

TEST(KeyForms, AShortKeyIsMaskedAsItIsOnly)
{
    const exadesk::KeyForms forms(u"k3y"_s);
    EXPECT_EQ(forms.masked("a k3y in text"), "a exa-… in text");
    EXPECT_EQ(forms.masked("no key here"), "no key here");
}

} // namespace

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

} // namespace

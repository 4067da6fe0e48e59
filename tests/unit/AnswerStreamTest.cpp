#include "exa/AnswerStream.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using exa::AnswerStreamDecoder;

namespace {

TEST(AnswerStreamDecoder, JoinsOpenAiStylePiecesAndReadsCitations)
{
    AnswerStreamDecoder decoder;
    auto events = decoder.feed("data: {\"choices\":[{\"delta\":{\"content\":\"Hello \"}}]}\n\n"
                               "data: {\"choices\":[{\"delta\":{\"content\":\"world\"}}]}\n\n");
    ASSERT_EQ(events.size(), 2);
    EXPECT_EQ(events.at(0).content, u"Hello "_s);
    events = decoder.feed("data: {\"citations\":[{\"id\":\"u\",\"url\":\"https://a.example/x\",\"title\":\"A\"}]}\n\n"
                          "data: [DONE]\n\n");
    ASSERT_EQ(events.size(), 2);
    ASSERT_EQ(events.at(0).citations.size(), 1);
    EXPECT_EQ(events.at(0).citations.first().url, u"https://a.example/x"_s);
    EXPECT_TRUE(events.at(1).done);
    EXPECT_EQ(decoder.answer(), u"Hello world"_s);
    EXPECT_EQ(decoder.citations().size(), 1);
    EXPECT_TRUE(decoder.sawDone());
}

TEST(AnswerStreamDecoder, ReadsExasNativeShapeToo)
{
    AnswerStreamDecoder decoder;
    const auto events = decoder.feed("data: {\"answer\":\"42\",\"results\":[{\"url\":\"https://b.example\"}]}\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events.first().content, u"42"_s);
    ASSERT_EQ(events.first().citations.size(), 1);
    EXPECT_EQ(events.first().citations.first().url, u"https://b.example"_s);
}

TEST(AnswerStreamDecoder, SkipsWhatItCannotRead)
{
    AnswerStreamDecoder decoder;
    const auto events = decoder.feed("data: not json\n\ndata: {\"choices\":[]}\n\n"
                                     "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(decoder.answer(), u"ok"_s);
    EXPECT_FALSE(decoder.sawDone());
}

TEST(AnswerStreamDecoder, ReadsOneObjectPerDataLine)
{
    AnswerStreamDecoder decoder;
    decoder.feed("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n"
                 "data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n");
    EXPECT_EQ(decoder.answer(), u"ab"_s);
}

} // namespace

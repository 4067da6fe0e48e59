#include "exa/SseParser.h"

#include <gtest/gtest.h>

using exa::SseEvent;
using exa::SseParser;

namespace {

QList<QByteArray> dataOf(const QList<SseEvent>& events)
{
    QList<QByteArray> data;
    for (const SseEvent& event : events)
        data.append(event.data);
    return data;
}

// Feeds `stream` cut into pieces of `step` bytes, as the network might deliver it.
QList<QByteArray> feedInPieces(const QByteArray& stream, qsizetype step)
{
    SseParser parser;
    QList<SseEvent> events;
    for (qsizetype i = 0; i < stream.size(); i += step)
        events += parser.feed(stream.mid(i, step));
    events += parser.finish();
    return dataOf(events);
}

TEST(SseParser, SplitsEventsAtBlankLines)
{
    SseParser parser;
    const auto events = parser.feed("data: one\n\ndata: two\n\n");
    EXPECT_EQ(dataOf(events), (QList<QByteArray>{"one", "two"}));
}

TEST(SseParser, GivesTheSameEventsHoweverTheBytesAreCut)
{
    const QByteArray stream
        = "data: {\"a\":1}\r\n\r\n: keep-alive comment\r\ndata: x\r\ndata: y\r\n\r\ndata:[DONE]\r\n\r\n";
    const QList<QByteArray> expected{"{\"a\":1}", "x\ny", "[DONE]"};
    for (qsizetype step = 1; step <= stream.size(); ++step)
        EXPECT_EQ(feedInPieces(stream, step), expected) << "pieces of " << step << " bytes";
}

TEST(SseParser, SkipsAByteOrderMarkAtTheStartOnly)
{
    SseParser parser;
    EXPECT_EQ(dataOf(parser.feed("\xEF\xBB\xBF"
                                 "data: first\n\n")),
              QList<QByteArray>{"first"});
    EXPECT_EQ(dataOf(parser.feed("data: \xEF\xBB\xBFsecond\n\n")), QList<QByteArray>{"\xEF\xBB\xBFsecond"});
}

TEST(SseParser, AnEmptyReadBetweenCrAndLfChangesNothing)
{
    SseParser parser;
    QList<SseEvent> events = parser.feed("data: a\r");
    events += parser.feed({});
    events += parser.feed("\n\r\ndata: b\n\n");
    EXPECT_EQ(dataOf(events), (QList<QByteArray>{"a", "b"}));
}

TEST(SseParser, AcceptsBareCarriageReturnLineEnds)
{
    EXPECT_EQ(feedInPieces("data: a\r\rdata: b\r\r", 1), (QList<QByteArray>{"a", "b"}));
}

TEST(SseParser, KeepsTheEventField)
{
    SseParser parser;
    const auto events = parser.feed("event: research-output\ndata: {}\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events.first().event, "research-output");
}

TEST(SseParser, DeliversALastEventWithoutItsBlankLineAtTheEnd)
{
    SseParser parser;
    EXPECT_TRUE(parser.feed("data: tail").isEmpty());
    EXPECT_EQ(dataOf(parser.finish()), QList<QByteArray>{"tail"});
}

TEST(SseParser, IgnoresLinesWithoutData)
{
    EXPECT_TRUE(feedInPieces("id: 4\nretry: 100\n\n", 3).isEmpty());
}

} // namespace

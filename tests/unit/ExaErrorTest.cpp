#include "exa/ExaError.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using exa::ErrorTag;
using exa::ExaError;

namespace {

TEST(ExaError, ReadsExasErrorBody)
{
    const ExaError error = ExaError::fromHttp(
        402, R"({"requestId":"abc123","error":"You have run out of credits","tag":"NO_MORE_CREDITS"})", "60");
    EXPECT_EQ(error.kind, ExaError::Kind::Http);
    EXPECT_EQ(error.httpStatus, 402);
    EXPECT_EQ(error.tag, ErrorTag::NoMoreCredits);
    EXPECT_EQ(error.tagText, u"NO_MORE_CREDITS"_s);
    EXPECT_EQ(error.requestId, u"abc123"_s);
    EXPECT_EQ(error.message, u"You have run out of credits"_s);
    EXPECT_EQ(error.retryAfter, "60");
    EXPECT_TRUE(error.isError());
}

TEST(ExaError, KeepsAnUnknownTagAsText)
{
    const ExaError error = ExaError::fromHttp(400, R"({"error":"new rule","tag":"SOMETHING_NEW"})");
    EXPECT_EQ(error.tag, ErrorTag::Unknown);
    EXPECT_EQ(error.tagText, u"SOMETHING_NEW"_s);
}

TEST(ExaError, ExplainsABodyThatIsNotJson)
{
    const ExaError error = ExaError::fromHttp(502, "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>");
    EXPECT_EQ(error.tag, ErrorTag::None);
    EXPECT_TRUE(error.message.contains("502 Bad Gateway"_L1)) << qPrintable(error.message);
    EXPECT_FALSE(error.message.contains(u'\n'));
    EXPECT_TRUE(error.userMessage().contains("502"_L1));
}

TEST(ExaError, UserMessageSaysWhatToDo)
{
    const ExaError error = ExaError::fromHttp(401, R"({"error":"Invalid API key","tag":"INVALID_API_KEY"})");
    const QString message = error.userMessage();
    EXPECT_TRUE(message.contains("401 INVALID_API_KEY: Invalid API key."_L1)) << qPrintable(message);
    EXPECT_TRUE(message.contains("dashboard"_L1)) << qPrintable(message);
    EXPECT_TRUE(ExaError{}.userMessage().isEmpty());
}

TEST(ExaError, EveryDocumentedTagHasAName)
{
    const QStringList documented{u"INVALID_REQUEST_BODY"_s, u"INVALID_REQUEST"_s,     u"INVALID_NUM_RESULTS"_s,
                                 u"NUM_RESULTS_EXCEEDED"_s, u"INVALID_JSON_SCHEMA"_s, u"SUBPAGES_LIMIT_EXCEEDED"_s,
                                 u"INVALID_API_KEY"_s,      u"NO_MORE_CREDITS"_s,     u"API_KEY_BUDGET_EXCEEDED"_s,
                                 u"TEAM_BUDGET_EXCEEDED"_s, u"FEATURE_DISABLED"_s,    u"PROHIBITED_CONTENT"_s,
                                 u"CONTENT_FILTER_ERROR"_s, u"RATE_LIMIT_EXCEEDED"_s, u"SERVICE_OVERLOADED"_s};
    for (const QString& tag : documented) {
        const ErrorTag parsed = exa::errorTagFromString(tag);
        EXPECT_NE(parsed, ErrorTag::Unknown) << qPrintable(tag);
        EXPECT_EQ(exa::toString(parsed), tag);
    }
}

} // namespace

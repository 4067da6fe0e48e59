#include "pool/KeysFile.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

TEST(KeysFileTest, TakesGoodLinesAndSaysWhatIsWrongWithTheOthers)
{
    const QString secret = u"11111111-2222-3333-4444-555555559f3c"_s;
    const KeyLines lines = KeysFile::parse(u"# my keys\n"
                                           "\n"
                                           "  work , 11111111-2222-3333-4444-555555559f3c  \n"
                                           "22222222-3333-4444-5555-66666666aaaa\r\n"
                                           "short\n"
                                           "11111111-2222-3333-4444-555555559f3c\n"
                                           "has space inside-123456\n"
                                           "label,\n"
                                           "11111111-2222-3333-4444-55555555beef,my-team-key\n"_s);
    ASSERT_EQ(lines.keys.size(), 2);
    EXPECT_EQ(lines.keys[0].line, 3);
    EXPECT_EQ(lines.keys[0].label, u"work"_s);
    EXPECT_EQ(lines.keys[0].secret, secret);
    EXPECT_EQ(lines.keys[1].line, 4);
    EXPECT_EQ(lines.keys[1].label, u"exa-…aaaa"_s); // no label: the masked key
    EXPECT_EQ(lines.keys[1].secret, u"22222222-3333-4444-5555-66666666aaaa"_s);

    ASSERT_EQ(lines.problems.size(), 5);
    EXPECT_EQ(lines.problems[0].line, 5);
    EXPECT_TRUE(lines.problems[0].reason.contains(u"too short"_s));
    EXPECT_EQ(lines.problems[1].line, 6);
    EXPECT_EQ(lines.problems[1].reason, u"the same key as line 3"_s);
    EXPECT_EQ(lines.problems[2].line, 7);
    EXPECT_EQ(lines.problems[3].line, 8);
    EXPECT_EQ(lines.problems[4].line, 9);
    EXPECT_TRUE(lines.problems[4].reason.contains(u"label,key"_s)) << qPrintable(lines.problems[4].reason);
    for (const KeyLineProblem& problem : lines.problems)
        EXPECT_FALSE(problem.reason.contains(u"1111"_s) || problem.reason.contains(u"short"_s.repeated(2)));
}

TEST(KeysFileTest, AWebAddressOrAKeyInsideALabelIsNoKey)
{
    const KeyLines lines
        = KeysFile::parse(u"https://dashboard.exa.ai/api-keys\n"
                          "dashboard.exa.ai/api-keys/0000000000\n"
                          "dup 33333333-4444-5555-6666-777777770dea,44444444-5555-6666-7777-888888880bee\n"
                          "fine label,55555555-6666-7777-8888-999999991234\n"_s);
    ASSERT_EQ(lines.keys.size(), 1);
    EXPECT_EQ(lines.keys[0].label, u"fine label"_s);
    ASSERT_EQ(lines.problems.size(), 3);
    EXPECT_TRUE(lines.problems[0].reason.contains(u"web address"_s)) << qPrintable(lines.problems[0].reason);
    EXPECT_TRUE(lines.problems[1].reason.contains(u"web address"_s)) << qPrintable(lines.problems[1].reason);
    EXPECT_TRUE(lines.problems[2].reason.contains(u"label holds what looks like an API key"_s))
        << qPrintable(lines.problems[2].reason);
    EXPECT_FALSE(lines.problems[2].reason.contains(u"3333"_s));
    EXPECT_TRUE(KeysFile::shapeProblem(u"dup,44444444-5555-6666-7777-888888880bee"_s).contains(u"comma"_s));
    EXPECT_TRUE(KeysFile::labelProblem(u"work"_s).isEmpty());
}

TEST(KeysFileTest, IdsAreStableAndRevealNothing)
{
    const QString secret = u"11111111-2222-3333-4444-555555559f3c"_s;
    EXPECT_EQ(KeysFile::idFor(secret), KeysFile::idFor(secret));
    EXPECT_NE(KeysFile::idFor(secret), KeysFile::idFor(secret + u'x'));
    EXPECT_FALSE(KeysFile::idFor(secret).contains(u"9f3c"_s));
}

TEST(KeysFileTest, RefusesAFileOtherUsersCanRead)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(u"keys.txt"_s);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("team,11111111-2222-3333-4444-555555559f3c\n");
    file.close();

    ASSERT_TRUE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    QString error;
    EXPECT_FALSE(KeysFile::read(path, &error));
    EXPECT_TRUE(error.contains(u"chmod 600"_s)) << qPrintable(error);

    ASSERT_TRUE(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const auto lines = KeysFile::read(path, &error);
    ASSERT_TRUE(lines) << qPrintable(error);
    EXPECT_EQ(lines->keys.size(), 1);

    EXPECT_FALSE(KeysFile::read(dir.filePath(u"missing.txt"_s), &error));
    EXPECT_TRUE(error.contains(u"does not exist"_s));
}

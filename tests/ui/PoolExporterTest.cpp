// File > Export over a real engine: the pool's JSON written off the event loop to a file only
// the user can read, with the keys themselves only when asked for.
#include "PoolExporter.h"

#include "MemorySecretStore.h"
#include "TestEngine.h"
#include "Wait.h"
#include "engine/Engine.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

const QString kWork = u"0b6f7c1e-5d2a-4c39-9e41-7a8d2f3b9f3c"_s;

class PoolExporterTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        engine = testsupport::makeEngine(dir, secrets, {});
        testsupport::finish(engine->keys().import(u"work,"_s + kWork + u'\n'));
    }

    // Exports as a person choosing `withSecrets` and the file; the JSON written, and the message.
    std::pair<QJsonObject, QString> exportTo(const QString& path, bool withSecrets)
    {
        PoolExporter exporter(*engine, nullptr);
        exporter.setAsk([&] { return PoolExporter::Choice{path, withSecrets}; });
        QSignalSpy finished(&exporter, &PoolExporter::finished);
        exporter.start();
        EXPECT_TRUE(exporter.isWriting()) << "written on the event loop";
        EXPECT_TRUE(testsupport::waitForSignals(finished));
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << qPrintable(path);
        EXPECT_EQ(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions())
            << "others can read the export";
        return {QJsonDocument::fromJson(file.readAll()).object(),
                finished.isEmpty() ? QString() : finished.first().first().toString()};
    }

    QTemporaryDir dir;
    testsupport::MemorySecretStore secrets;
    std::unique_ptr<Engine> engine;
};

TEST_F(PoolExporterTest, WithoutSecretsTheKeysAreMasked)
{
    const auto [json, message] = exportTo(dir.filePath(u"plain.json"_s), false);
    const QJsonArray keys = json.value("keys"_L1).toArray();
    ASSERT_EQ(keys.size(), 1);
    EXPECT_EQ(keys.first().toObject().value("label"_L1).toString(), u"work"_s);
    EXPECT_FALSE(keys.first().toObject().contains("secret"_L1));
    EXPECT_FALSE(QJsonDocument(json).toJson().contains(kWork.toUtf8()));
    EXPECT_FALSE(json.value("withSecrets"_L1).toBool());
    EXPECT_TRUE(message.contains(u"1 key"_s)) << qPrintable(message);
}

TEST_F(PoolExporterTest, WithSecretsTheFileIsAFullBackup)
{
    const auto [json, message] = exportTo(dir.filePath(u"backup.json"_s), true);
    EXPECT_EQ(json.value("keys"_L1).toArray().first().toObject().value("secret"_L1).toString(), kWork);
    EXPECT_TRUE(json.value("withSecrets"_L1).toBool());
    EXPECT_FALSE(message.contains(kWork)) << "a key in the status bar";
}

TEST_F(PoolExporterTest, AFolderThatCannotBeWrittenSaysSoAndCancellingWritesNothing)
{
    PoolExporter exporter(*engine, nullptr);
    exporter.setAsk([&] { return PoolExporter::Choice{dir.filePath(u"missing/folder/x.json"_s), false}; });
    QSignalSpy finished(&exporter, &PoolExporter::finished);
    exporter.start();
    ASSERT_TRUE(testsupport::waitForSignals(finished));
    EXPECT_FALSE(finished.first().at(1).toBool());
    EXPECT_TRUE(finished.first().first().toString().startsWith(u"Nothing was exported"_s));

    exporter.setAsk([] { return std::nullopt; });
    exporter.start();
    EXPECT_FALSE(exporter.isWriting());
    EXPECT_EQ(finished.count(), 1);
}

} // namespace

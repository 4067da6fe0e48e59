#pragma once

#include "engine/Engine.h"

#include <QMap>
#include <QTemporaryDir>
#include <QUrl>

#include <gtest/gtest.h>

#include <memory>

// An engine as a face of ExaDesk has it, over a real SQLite file in a test's folder, secrets in
// `secrets` and Exa at `exa` (empty: where the settings say), with `settings` stored first (as a
// person would set them).
namespace testsupport {

inline std::unique_ptr<exadesk::Engine> makeEngine(const QTemporaryDir& dir, exadesk::SecretStore& secrets,
                                                   const QUrl& exa, const QMap<QString, QString>& settings = {})
{
    exadesk::EngineSetup setup;
    setup.databasePath = dir.filePath(QStringLiteral("exadesk.sqlite"));
    setup.secrets = &secrets;
    if (!exa.isEmpty())
        setup.baseUrl = exa;
    auto engine = std::make_unique<exadesk::Engine>(setup);
    EXPECT_TRUE(engine->database()) << qPrintable(engine->databaseError().message);
    QString problem;
    EXPECT_TRUE(settings.isEmpty() || engine->saveSettings(settings, &problem)) << qPrintable(problem);
    return engine;
}

// No pacing, no billed re-checks behind a test's back: tests about something else.
inline QMap<QString, QString> quietSettings()
{
    return {{QStringLiteral("rate.search-per-second"), QStringLiteral("0")},
            {QStringLiteral("rate.contents-per-second"), QStringLiteral("0")},
            {QStringLiteral("recheck.enabled"), QStringLiteral("off")}};
}

} // namespace testsupport

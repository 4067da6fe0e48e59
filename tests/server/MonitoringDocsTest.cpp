// docs/monitoring's Prometheus rules and Grafana dashboard use only metrics /metrics serves, and
// only the alert names ExaDesk exports.
#include "calls/CallService.h"
#include "calls/PoolAlerts.h"
#include "server/ServerMetrics.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <gtest/gtest.h>

using namespace exadesk;
using namespace Qt::StringLiterals;

namespace {

QString readDoc(const QString& name)
{
    QFile file(QStringLiteral(EXADESK_SOURCE_DIR "/docs/monitoring/") + name);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << qPrintable(file.fileName());
    return QString::fromUtf8(file.readAll());
}

// What /metrics serves: each family's name, and a histogram's _bucket, _sum and _count.
QSet<QString> servedMetrics()
{
    const QString page = QString::fromUtf8(ServerMetrics().render(PoolSummary{}, 0));
    QSet<QString> names;
    static const QRegularExpression type(u"^# TYPE (\\S+) (\\S+)$"_s, QRegularExpression::MultilineOption);
    for (const QRegularExpressionMatch& match : type.globalMatch(page)) {
        names.insert(match.captured(1));
        if (match.captured(2) == "histogram"_L1)
            for (const char* part : {"_bucket", "_sum", "_count"})
                names.insert(match.captured(1) + QLatin1StringView(part));
    }
    return names;
}

void expectOnlyServedMetrics(const QString& text, const QString& file)
{
    const QSet<QString> served = servedMetrics();
    ASSERT_TRUE(served.contains(u"exadesk_alert"_s));
    static const QRegularExpression metric(u"\\bexadesk_[a-z0-9_]+"_s);
    int used = 0;
    for (const QRegularExpressionMatch& match : metric.globalMatch(text)) {
        ++used;
        EXPECT_TRUE(served.contains(match.captured()))
            << qPrintable(file) << " uses " << qPrintable(match.captured()) << ", which /metrics does not serve";
    }
    EXPECT_GE(used, 5) << qPrintable(file);
    QSet<QString> alerts;
    for (const PoolAlert alert : kPoolAlerts)
        alerts.insert(toString(alert));
    static const QRegularExpression alertLabel(u"alert=\\\\?\"([a-z_]+)\\\\?\""_s);
    for (const QRegularExpressionMatch& match : alertLabel.globalMatch(text))
        EXPECT_TRUE(alerts.contains(match.captured(1)))
            << qPrintable(file) << ": no alert " << qPrintable(match.captured(1));
}

TEST(MonitoringDocsTest, PrometheusRulesUseServedMetricsOnly)
{
    const QString rules = readDoc(u"prometheus-alerts.yml"_s);
    expectOnlyServedMetrics(rules, u"prometheus-alerts.yml"_s);
    // Each alert the desktop knows has a rule, by its metric.
    for (const PoolAlert alert : kPoolAlerts) {
        const QString name = toString(alert);
        const bool covered = rules.contains(u"alert=\"%1\""_s.arg(name))
            || (alert == PoolAlert::KeyInvalid && rules.contains(u"state=\"invalid\""_s))
            || (alert == PoolAlert::KeyExhausted && rules.contains(u"state=\"exhausted\""_s))
            || (alert == PoolAlert::ProxyDown && rules.contains(u"state=\"parked\""_s));
        EXPECT_TRUE(covered) << "no rule for " << qPrintable(name);
    }
    static const QRegularExpression ruleLine(u"^\\s+- alert: \\S+\\n\\s+expr: "_s, QRegularExpression::MultilineOption);
    int ruleCount = 0;
    for (QRegularExpressionMatchIterator each = ruleLine.globalMatch(rules); each.hasNext(); each.next())
        ++ruleCount;
    EXPECT_GE(ruleCount, static_cast<int>(kPoolAlerts.size()));
}

TEST(MonitoringDocsTest, GrafanaDashboardIsJsonOverServedMetrics)
{
    const QString text = readDoc(u"grafana-dashboard.json"_s);
    QJsonParseError error;
    const QJsonDocument dashboard = QJsonDocument::fromJson(text.toUtf8(), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << qPrintable(error.errorString());
    const QJsonArray panels = dashboard[u"panels"_s].toArray();
    ASSERT_FALSE(panels.isEmpty());
    QString expressions;
    for (const QJsonValue& panel : panels) {
        const QJsonArray targets = panel[u"targets"_s].toArray();
        EXPECT_FALSE(targets.isEmpty()) << qPrintable(panel[u"title"_s].toString());
        for (const QJsonValue& target : targets)
            expressions += target[u"expr"_s].toString() + u'\n';
    }
    expectOnlyServedMetrics(expressions, u"grafana-dashboard.json"_s);
}

} // namespace

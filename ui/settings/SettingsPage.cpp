#include "SettingsPage.h"

#include "ColorScheme.h"
#include "WheelGuard.h"
#include "base/Version.h"
#include "config/SettingsRegistry.h"
#include "engine/AlertMonitor.h"
#include "engine/Engine.h"
#include "search/SiteIcons.h"
#include "server/LocalPortService.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace exadesk {
namespace {

const QString kCloseToTray = u"desktop/closeToTray"_s;
const QString kLanguage = u"desktop/language"_s;

struct Group
{
    SettingGroup group;
    const char* title;
};

} // namespace

SettingsPage::SettingsPage(Engine& engine, LocalPortService* port, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_port(port)
    , m_apply(new QPushButton(tr("Apply"), this))
    , m_problem(new QLabel(this))
    , m_closeToTray(new QCheckBox(tr("Closing the window keeps ExaDesk running in the tray"), this))
    , m_siteIcons(new QCheckBox(tr("Show each result's site icon"), this))
    , m_language(new QComboBox(this))
    , m_startAtLogin(new QCheckBox(tr("Start ExaDesk when I log in"), this))
{
    setObjectName(u"settingsPage"_s);
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);

    // What a person changes most comes first: the desktop, what it tells them, the port; the
    // engine's tuning last.
    auto* general = new QGroupBox(tr("General"), content);
    QFormLayout* generalForm = makeForm(general);
    m_language->addItem(tr("The system's language"), QString());
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->addItem(u"简体中文"_s, u"zh_CN"_s);
    m_language->setAccessibleName(tr("Language"));
    // Sized by the count of characters rather than measured: measuring "简体中文" loads a CJK
    // font (3 MB) at every start, for a page that may never be opened.
    qsizetype widest = 0;
    for (int i = 0; i < m_language->count(); ++i) {
        const QString text = m_language->itemText(i);
        const auto wide = std::count_if(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() >= 0x2E80; });
        widest = std::max(widest, text.size() + wide);
    }
    m_language->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_language->setMinimumContentsLength(static_cast<int>(widest));
    generalForm->addRow(tr("Language:"), m_language);
    generalForm->addRow(QString(), m_closeToTray);
    generalForm->addRow(QString(), m_startAtLogin);
    m_startAtLogin->setVisible(canStartAtLogin());
    m_siteIcons->setToolTip(tr("Asks each site in the results for its icon, through the proxy of the key that "
                               "found it. Off: no site learns of your search from ExaDesk."));
    generalForm->addRow(QString(), m_siteIcons);
    column->addWidget(general);

    auto* alerts = new QGroupBox(tr("Notifications"), content);
    QFormLayout* alertsForm = makeForm(alerts);
    for (const PoolAlert alert : kPoolAlerts) {
        auto* wanted = new QCheckBox(AlertMonitor::describe(alert), alerts);
        wanted->setObjectName(u"alert-"_s + toString(alert));
        m_alerts[static_cast<size_t>(alert)] = wanted;
        alertsForm->addRow(alert == kPoolAlerts.front() ? tr("Notify me when:") : QString(), wanted);
    }
    addSettingRows(SettingGroup::Alerts, alertsForm);
    column->addWidget(alerts);

    auto* local = new QGroupBox(tr("Local port"), content);
    QFormLayout* localForm = makeForm(local);
    addSettingRows(SettingGroup::LocalPort, localForm);
    if (m_port)
        localForm->addRow(tr("Access token:"), makeTokenRow(local));
    column->addWidget(local);

    const Group engineGroups[]{
        {SettingGroup::Retries, QT_TR_NOOP("Retries and time")},
        {SettingGroup::KeyHealth, QT_TR_NOOP("Keys' health")},
        {SettingGroup::Pace, QT_TR_NOOP("Pace and concurrency")},
        {SettingGroup::Requests, QT_TR_NOOP("Requests and records")},
    };
    for (const Group& group : engineGroups) {
        auto* box = new QGroupBox(tr(group.title), content);
        addSettingRows(group.group, makeForm(box));
        column->addWidget(box);
    }
    column->addStretch();

    // One label column down the whole page.
    QList<QWidget*> labels;
    for (const QFormLayout* form : content->findChildren<QFormLayout*>())
        for (int row = 0; row < form->rowCount(); ++row)
            if (const QLayoutItem* label = form->itemAt(row, QFormLayout::LabelRole); label && label->widget())
                labels.append(label->widget());
    int labelWidth = 0;
    for (const QWidget* label : std::as_const(labels))
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    for (QWidget* label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The problem has room kept for it beside the buttons, so showing it moves nothing.
    m_problem->setWordWrap(true);
    QSizePolicy problemPolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    problemPolicy.setRetainSizeWhenHidden(true);
    m_problem->setSizePolicy(problemPolicy);
    theme::showAsError(m_problem);
    m_problem->setVisible(false);
    auto* revert = new QPushButton(tr("Revert"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_problem, 1);
    buttons->addWidget(revert);
    buttons->addWidget(m_apply);
    auto* buttonRow = new QWidget(this);
    buttonRow->setLayout(buttons);
    buttons->setContentsMargins(0, 0, 0, 0);
    buttonRow->setFixedHeight(std::max(m_apply->sizeHint().height(), 2 * fontMetrics().lineSpacing() + 4));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttonRow);

    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::apply);
    connect(revert, &QPushButton::clicked, this, &SettingsPage::load);
    load();
    WheelGuard::protect(this);
}

QFormLayout* SettingsPage::makeForm(QWidget* box)
{
    auto* form = new QFormLayout(box);
    // Numbers stay as wide as they need; text fields take the rest.
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return form;
}

void SettingsPage::addSettingRows(SettingGroup group, QFormLayout* form)
{
    QWidget* box = form->parentWidget();
    for (const Setting* setting : setting::kAll) {
        if (setting->group != group)
            continue;
        QWidget* editor = makeEditor(*setting);
        const QString meaning = SettingsRegistry::describe(*setting);
        auto* label = new QLabel(meaning.left(1).toUpper() + meaning.mid(1) + u':', box);
        label->setToolTip(setting->key());
        label->setBuddy(editor);
        const QString defaultValue = setting->defaultValue();
        editor->setToolTip(tr("%1 (default: %2)").arg(setting->key(), defaultValue.isEmpty() ? u"-"_s : defaultValue));
        editor->setAccessibleName(meaning);
        form->addRow(label, editor);
    }
}

QWidget* SettingsPage::makeTokenRow(QWidget* parent)
{
    auto* row = new QWidget(parent);
    m_token = new QLineEdit(row);
    m_token->setReadOnly(true);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleName(tr("Access token"));
    m_token->setPlaceholderText(tr("made when the port first starts"));
    auto* show = new QPushButton(tr("Show"), row);
    show->setCheckable(true);
    auto* copy = new QPushButton(tr("Copy"), row);
    auto* regenerate = new QPushButton(tr("Regenerate..."), row);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_token, 1);
    layout->addWidget(show);
    layout->addWidget(copy);
    layout->addWidget(regenerate);
    const auto refresh = [this] { m_token->setText(QString::fromLatin1(m_port->token())); };
    refresh();
    connect(m_port, &LocalPortService::tokenChanged, this, refresh);
    connect(show, &QPushButton::toggled, this,
            [this](bool shown) { m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });
    connect(copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(QString::fromLatin1(m_port->token()));
        Q_EMIT message(tr("Access token copied; clients send it as x-api-key."));
    });
    connect(regenerate, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(this, tr("Regenerate Access Token"),
                                  tr("Clients that use the current token will be refused until they get the "
                                     "new one. Make a new token?"))
            == QMessageBox::Yes)
            m_port->regenerateToken();
    });
    return row;
}

QWidget* SettingsPage::makeEditor(const Setting& setting)
{
    QWidget* editor = nullptr;
    switch (setting.type) {
    case SettingType::Number: {
        auto* spin = new QSpinBox(this);
        spin->setRange(setting.min, setting.max);
        spin->setGroupSeparatorShown(&setting != &setting::ServerPort);
        spin->setSuffix(unitSuffix(setting.unit));
        if (setting.lowestMeans)
            spin->setSpecialValueText(SettingsRegistry::tr(setting.lowestMeans));
        editor = spin;
        break;
    }
    case SettingType::Flag:
        editor = new QCheckBox(this);
        break;
    case SettingType::Text:
    case SettingType::List:
        editor = new QLineEdit(this);
        break;
    }
    editor->setObjectName(setting.key());
    m_editors.insert(setting.key(), editor);
    return editor;
}

QString SettingsPage::unitSuffix(SettingUnit unit)
{
    switch (unit) {
    case SettingUnit::None:
        return {};
    case SettingUnit::Milliseconds:
        return tr(" ms");
    case SettingUnit::Seconds:
        return tr(" s");
    case SettingUnit::Minutes:
        return tr(" min");
    case SettingUnit::Days:
        return tr(" days");
    case SettingUnit::Percent:
        return tr(" %");
    case SettingUnit::KiB:
        return tr(" KiB");
    case SettingUnit::PerSecond:
        return tr(" /s");
    }
    return {};
}

QString SettingsPage::valueOf(const QString& name) const
{
    const QWidget* editor = m_editors.value(name);
    if (const auto* spin = qobject_cast<const QSpinBox*>(editor))
        return QString::number(spin->value());
    if (const auto* check = qobject_cast<const QCheckBox*>(editor))
        return check->isChecked() ? u"on"_s : u"off"_s;
    if (const auto* line = qobject_cast<const QLineEdit*>(editor))
        return line->text().trimmed();
    return {};
}

void SettingsPage::setValueOf(const QString& name, const QString& value)
{
    QWidget* editor = m_editors.value(name);
    if (auto* spin = qobject_cast<QSpinBox*>(editor))
        spin->setValue(value.toInt());
    else if (auto* check = qobject_cast<QCheckBox*>(editor))
        check->setChecked(QStringList{u"on"_s, u"true"_s, u"yes"_s, u"1"_s}.contains(value.toLower()));
    else if (auto* line = qobject_cast<QLineEdit*>(editor))
        line->setText(value);
}

void SettingsPage::load()
{
    const SettingValues stored = m_engine.settings();
    for (const Setting* setting : setting::kAll)
        setValueOf(setting->key(), stored.raw(*setting));
    QSettings desktop;
    m_closeToTray->setChecked(desktop.value(kCloseToTray, true).toBool());
    m_siteIcons->setChecked(SiteIcons::enabled());
    m_language->setCurrentIndex(std::max(0, m_language->findData(desktop.value(kLanguage).toString())));
    m_startAtLogin->setChecked(QFile::exists(autostartPath()));
    for (const PoolAlert alert : kPoolAlerts)
        m_alerts[static_cast<size_t>(alert)]->setChecked(alertWanted(alert));
    m_problem->setVisible(false);
}

bool SettingsPage::apply()
{
    QMap<QString, QString> values;
    for (const Setting* setting : setting::kAll)
        values.insert(setting->key(), valueOf(setting->key()));
    // All of them or none: a refused value changes nothing.
    QString problem;
    QString refused;
    if (!m_engine.saveSettings(values, &problem, &refused)) {
        m_problem->setText(problem);
        m_problem->setVisible(true);
        if (QWidget* editor = m_editors.value(refused))
            editor->setFocus();
        return false;
    }
    m_problem->setVisible(false);
    QSettings desktop;
    desktop.setValue(kCloseToTray, m_closeToTray->isChecked());
    SiteIcons::setEnabled(m_siteIcons->isChecked());
    for (const PoolAlert alert : kPoolAlerts)
        desktop.setValue(u"alerts/"_s + toString(alert), m_alerts[static_cast<size_t>(alert)]->isChecked());
    const QString language = m_language->currentData().toString();
    const bool languageChosen = desktop.value(kLanguage).toString() != language;
    desktop.setValue(kLanguage, language);
#ifdef Q_OS_LINUX
    if (canStartAtLogin() && m_startAtLogin->isChecked() != QFile::exists(autostartPath())) {
        bool done = true;
        if (m_startAtLogin->isChecked()) {
            QDir().mkpath(QFileInfo(autostartPath()).absolutePath());
            QSaveFile entry(autostartPath());
            done = entry.open(QIODevice::WriteOnly) && entry.write(autostartEntry().toUtf8()) > 0 && entry.commit();
        } else {
            done = QFile::remove(autostartPath());
        }
        if (!done)
            Q_EMIT message(tr("Starting at login could not be changed in %1.").arg(autostartPath()));
    }
#endif

    // The engine applied its part already; the port takes its own, and restarts if it runs.
    if (m_port) {
        m_port->setOptions(LocalServerOptions::fromSettings(m_engine.settings()));
        if (m_port->isRunning()) {
            m_port->stop();
            m_port->start();
        }
    }
    Q_EMIT message(tr("Settings applied."));
    if (languageChosen)
        Q_EMIT languageChanged(language);
    return true;
}

QString SettingsPage::autostartPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/autostart/exadesk.desktop"_s;
}

bool SettingsPage::canStartAtLogin()
{
#ifdef Q_OS_LINUX
    // A Flatpak's ~/.config is its own, which the session never reads: starting at login is the
    // desktop's Background portal's business there. Other systems: the installer's own option.
    return qEnvironmentVariableIsEmpty("FLATPAK_ID");
#else
    return false;
#endif
}

QString SettingsPage::autostartEntry()
{
    // What starts this copy of ExaDesk again: the installed binary (/usr/bin/exadesk from a
    // package), or the AppImage file rather than its mount point, which changes every run. Only
    // when this program runs from the AppImage's mount ($APPDIR): $APPIMAGE is inherited by
    // whatever an AppImage starts.
    const QString program = QCoreApplication::applicationFilePath();
    const QString appImage = qEnvironmentVariable("APPIMAGE");
    const QString appDir = qEnvironmentVariable("APPDIR");
    const bool inAppImage
        = !appImage.isEmpty() && !appDir.isEmpty() && program.startsWith(QDir(appDir).absolutePath() + u'/');
    const QString command = u"\"%1\""_s.arg(inAppImage ? appImage : program);
    return u"[Desktop Entry]\nType=Application\nName=ExaDesk\nExec=%1\nIcon=%2\nX-GNOME-Autostart-enabled=true\n"_s.arg(
        command, QLatin1StringView(kAppId));
}

bool SettingsPage::closesToTray()
{
    return QSettings().value(kCloseToTray, true).toBool();
}

bool SettingsPage::alertWanted(PoolAlert alert)
{
    return QSettings().value(u"alerts/"_s + toString(alert), true).toBool();
}

QString SettingsPage::languageCode()
{
    return QSettings().value(kLanguage).toString();
}

} // namespace exadesk

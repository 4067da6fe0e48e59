<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>DataCommands</name>
    <message numerus="yes">
        <source>Exported %n key(s) and %1 proxies to %2.</source>
        <translation>
            <numerusform>Exported %n key and %1 proxies to %2.</numerusform>
            <numerusform>Exported %n keys and %1 proxies to %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeyImport</name>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n added</numerusform>
            <numerusform>%n added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate</source>
        <translation>
            <numerusform>%n duplicate</numerusform>
            <numerusform>%n duplicates</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not added</source>
        <translation>
            <numerusform>%n not added</numerusform>
            <numerusform>%n not added</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeysCommand</name>
    <message numerus="yes">
        <source>Removed %n key(s).</source>
        <translation>
            <numerusform>Removed %n key.</numerusform>
            <numerusform>Removed %n keys.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeysFile</name>
    <message numerus="yes">
        <source>the key is too short to be an API key (%n characters)</source>
        <translation>
            <numerusform>the key is too short to be an API key (%n character)</numerusform>
            <numerusform>the key is too short to be an API key (%n characters)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the key is too long to be an API key (%n characters)</source>
        <translation>
            <numerusform>the key is too long to be an API key (%n characters)</numerusform>
            <numerusform>the key is too long to be an API key (%n characters)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>McpCommand</name>
    <message numerus="yes">
        <source>exadesk: MCP server on stdin and stdout with %n key(s), offering %1.</source>
        <translation>
            <numerusform>exadesk: MCP server on stdin and stdout with %n key, offering %1.</numerusform>
            <numerusform>exadesk: MCP server on stdin and stdout with %n keys, offering %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProxiesCommand</name>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n added</numerusform>
            <numerusform>%n added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not added</source>
        <translation>
            <numerusform>%n not added</numerusform>
            <numerusform>%n not added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n proxy(ies).</source>
        <translation>
            <numerusform>Removed %n proxy.</numerusform>
            <numerusform>Removed %n proxies.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message numerus="yes">
        <source> %n attempt(s)</source>
        <translation>
            <numerusform> %n attempt</numerusform>
            <numerusform> %n attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>exadesk: serving Exa&apos;s API on %1, port %2, with %n key(s), for %3; stop with Ctrl+C.</source>
        <translation>
            <numerusform>exadesk: serving Exa&apos;s API on %1, port %2, with %n key, for %3; stop with Ctrl+C.</numerusform>
            <numerusform>exadesk: serving Exa&apos;s API on %1, port %2, with %n keys, for %3; stop with Ctrl+C.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>exadesk: %n request(s) still running after %1 seconds are cut off.</source>
        <translation>
            <numerusform>exadesk: %n request still running after %1 seconds is cut off.</numerusform>
            <numerusform>exadesk: %n requests still running after %1 seconds are cut off.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>exadesk: stopping; %n request(s) in flight finish first (Ctrl+C again stops at once).</source>
        <translation>
            <numerusform>exadesk: stopping; %n request in flight finishes first (Ctrl+C again stops at once).</numerusform>
            <numerusform>exadesk: stopping; %n requests in flight finish first (Ctrl+C again stops at once).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VaultCommand</name>
    <message numerus="yes">
        <source>%n key(s) sealed with it.</source>
        <translation>
            <numerusform>%n key sealed with it.</numerusform>
            <numerusform>%n keys sealed with it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::ActivityPage</name>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n call</numerusform>
            <numerusform>%n calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::AlertMonitor</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of the %n calls in the last %2 minutes failed (the alert is set at %3 %).</source>
        <translation>
            <numerusform>%1 of the %n call in the last %2 minutes failed (the alert is set at %3 %).</numerusform>
            <numerusform>%1 of the %n calls in the last %2 minutes failed (the alert is set at %3 %).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exa refused %n more key(s) in the last minute: %1.</source>
        <translation>
            <numerusform>Exa refused %n more key in the last minute: %1.</numerusform>
            <numerusform>Exa refused %n more keys in the last minute: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more key(s) ran out of credit in the last minute: %1.</source>
        <translation>
            <numerusform>%n more key ran out of credit in the last minute: %1.</numerusform>
            <numerusform>%n more keys ran out of credit in the last minute: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more proxy(s) went down in the last minute: %1.</source>
        <translation>
            <numerusform>%n more proxy went down in the last minute: %1.</numerusform>
            <numerusform>%n more proxies went down in the last minute: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every key was resting again, %n time(s) in the last minute.</source>
        <translation>
            <numerusform>Every key was resting again, once in the last minute.</numerusform>
            <numerusform>Every key was resting again, %n times in the last minute.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The share of failed calls crossed the alert again, %n time(s) in the last minute.</source>
        <translation>
            <numerusform>The share of failed calls crossed the alert again, once in the last minute.</numerusform>
            <numerusform>The share of failed calls crossed the alert again, %n times in the last minute.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::Gateway</name>
    <message numerus="yes">
        <source>ExaDesk is busy: %n calls are already waiting. Try again in a moment.</source>
        <translation>
            <numerusform>ExaDesk is busy: %n call is already waiting. Try again in a moment.</numerusform>
            <numerusform>ExaDesk is busy: %n calls are already waiting. Try again in a moment.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::KeyImportDialog</name>
    <message numerus="yes">
        <source>Importing %n key(s)...</source>
        <translation>
            <numerusform>Importing %n key...</numerusform>
            <numerusform>Importing %n keys...</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::KeyPool</name>
    <message numerus="yes">
        <source>daily cap of %n requests reached</source>
        <translation>
            <numerusform>daily cap of %n request reached</numerusform>
            <numerusform>daily cap of %n requests reached</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>all %n keys are invalid</source>
        <translation>
            <numerusform>the only key is invalid</numerusform>
            <numerusform>all %n keys are invalid</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>all %n keys are out of credits</source>
        <translation>
            <numerusform>the only key is out of credits</numerusform>
            <numerusform>all %n keys are out of credits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>all %n keys are disabled</source>
        <translation>
            <numerusform>the only key is disabled</numerusform>
            <numerusform>all %n keys are disabled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid</source>
        <translation>
            <numerusform>%n invalid</numerusform>
            <numerusform>%n invalid</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n out of credits</source>
        <translation>
            <numerusform>%n out of credits</numerusform>
            <numerusform>%n out of credits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n disabled</source>
        <translation>
            <numerusform>%n disabled</numerusform>
            <numerusform>%n disabled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cooling down until %1</source>
        <translation>
            <numerusform>%n cooling down until %1</numerusform>
            <numerusform>%n cooling down until %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failures in a row; last: %1</source>
        <translation>
            <numerusform>%n failure in a row; last: %1</numerusform>
            <numerusform>%n failures in a row; last: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failures in a row</source>
        <translation>
            <numerusform>%n failure in a row</numerusform>
            <numerusform>%n failures in a row</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::KeysPage</name>
    <message numerus="yes">
        <source>%n key(s) added.</source>
        <translation>
            <numerusform>%n key added.</numerusform>
            <numerusform>%n keys added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) removed.</source>
        <translation>
            <numerusform>%n key removed.</numerusform>
            <numerusform>%n keys removed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Key copied. The clipboard is cleared in %n second(s) if it still holds it.</source>
        <translation>
            <numerusform>Key copied. The clipboard is cleared in %n second if it still holds it.</numerusform>
            <numerusform>Key copied. The clipboard is cleared in %n seconds if it still holds it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Testing %n key(s); their rows show the verdict.</source>
        <translation>
            <numerusform>Testing %n key; its row shows the verdict.</numerusform>
            <numerusform>Testing %n keys; their rows show the verdict.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) resting or disabled were not tested.</source>
        <translation>
            <numerusform>%n key resting or disabled was not tested.</numerusform>
            <numerusform>%n keys resting or disabled were not tested.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) removed. %1</source>
        <translation>
            <numerusform>%n key removed. %1</numerusform>
            <numerusform>%n keys removed. %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n keys? Their secrets are deleted with them.</source>
        <translation>
            <numerusform>Remove %n key? Its secret is deleted with it.</numerusform>
            <numerusform>Remove %n keys? Their secrets are deleted with them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Test %n key(s)? Each test is a one-result search, which Exa bills: about %1 in all.</source>
        <translation>
            <numerusform>Test %n key? Each test is a one-result search, which Exa bills: about %1 in all.</numerusform>
            <numerusform>Test %n keys? Each test is a one-result search, which Exa bills: about %1 in all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tested %n key(s): %1 work, %2 refused.</source>
        <translation>
            <numerusform>Tested %n key: %1 work, %2 refused.</numerusform>
            <numerusform>Tested %n keys: %1 work, %2 refused.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n key</numerusform>
            <numerusform>%n keys</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::MainWindow</name>
    <message numerus="yes">
        <source>Local port: %1 (%n request(s))</source>
        <translation>
            <numerusform>Local port: %1 (%n request)</numerusform>
            <numerusform>Local port: %1 (%n requests)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::OverviewPage</name>
    <message numerus="yes">
        <source>%1 of %2, the daily caps of %n key(s)</source>
        <translation>
            <numerusform>%1 of %2, the daily cap of %n key</numerusform>
            <numerusform>%1 of %2, the daily caps of %n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more on the Keys page</source>
        <translation>
            <numerusform>and %n more on the Keys page</numerusform>
            <numerusform>and %n more on the Keys page</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>on · %n request(s) served</source>
        <translation>
            <numerusform>on · %n request served</numerusform>
            <numerusform>on · %n requests served</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::PoolExporter</name>
    <message numerus="yes">
        <source>Exported %n key(s) and %1 to %2.</source>
        <translation>
            <numerusform>Exported %n key and %1 to %2.</numerusform>
            <numerusform>Exported %n keys and %1 to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy(s)</source>
        <translation>
            <numerusform>%n proxy</numerusform>
            <numerusform>%n proxies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::ProxiesPage</name>
    <message numerus="yes">
        <source>Remove %n proxy(ies)? Their keys move to the other proxies.</source>
        <translation>
            <numerusform>Remove %n proxy? Its keys move to the other proxies.</numerusform>
            <numerusform>Remove %n proxies? Their keys move to the other proxies.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Testing %n proxy(ies)...</source>
        <translation>
            <numerusform>Testing %n proxy...</numerusform>
            <numerusform>Testing %n proxies...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy(ies) work.</source>
        <translation>
            <numerusform>%n proxy works.</numerusform>
            <numerusform>%n proxies work.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy(ies) failed: %1</source>
        <translation>
            <numerusform>%n proxy failed: %1</numerusform>
            <numerusform>%n proxies failed: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more.</source>
        <translation>
            <numerusform>and %n more.</numerusform>
            <numerusform>and %n more.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::ProxyPool</name>
    <message numerus="yes">
        <source>all %n proxies are disabled</source>
        <translation>
            <numerusform>the only proxy is disabled</numerusform>
            <numerusform>all %n proxies are disabled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connections through it failed in a row; last: %1</source>
        <translation>
            <numerusform>%n connection through it failed; last: %1</numerusform>
            <numerusform>%n connections through it failed in a row; last: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n calls through it failed while calls through other proxies got through</source>
        <translation>
            <numerusform>%1 of %n call through it failed while calls through other proxies got through</numerusform>
            <numerusform>%1 of %n calls through it failed while calls through other proxies got through</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::ProxyTests</name>
    <message numerus="yes">
        <source>no answer within %n second(s)</source>
        <translation>
            <numerusform>no answer within %n second</numerusform>
            <numerusform>no answer within %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::SearchPane</name>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n attempt</numerusform>
            <numerusform>%n attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) from the history; no new call was made</source>
        <translation>
            <numerusform>%n result from the history; no new call was made</numerusform>
            <numerusform>%n results from the history; no new call was made</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) exported to %1</source>
        <translation>
            <numerusform>%n result exported to %1</numerusform>
            <numerusform>%n results exported to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>An answer with %n citation(s)</source>
        <translation>
            <numerusform>An answer with %n citation</numerusform>
            <numerusform>An answer with %n citations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::TrayIcon</name>
    <message numerus="yes">
        <source>ExaDesk: the local port serves %1 (%n request(s) so far)</source>
        <translation>
            <numerusform>ExaDesk: the local port serves %1 (%n request so far)</numerusform>
            <numerusform>ExaDesk: the local port serves %1 (%n requests so far)</numerusform>
        </translation>
    </message>
</context>
</TS>

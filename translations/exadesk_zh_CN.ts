<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccessToken</name>
    <message>
        <source>The token file %1 does not exist.</source>
        <translation>令牌文件 %1 不存在。</translation>
    </message>
    <message>
        <source>The token file %1 can be read or changed by other users, so it is not used. Make it private with: chmod 600 %1</source>
        <translation>令牌文件 %1 可被其他用户读取或修改，因此未被使用。请用以下命令将其设为私有：chmod 600 %1</translation>
    </message>
    <message>
        <source>The token file %1 cannot be read: %2</source>
        <translation>无法读取令牌文件 %1：%2</translation>
    </message>
    <message>
        <source>The token file %1 must hold one token of at least 16 visible characters (no spaces), such as one made with: openssl rand -hex 32</source>
        <translation>令牌文件 %1 必须包含一个至少 16 个可见字符（不含空格）的令牌，例如用以下命令生成的令牌：openssl rand -hex 32</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>request refused</source>
        <translation>请求被拒</translation>
    </message>
    <message>
        <source>key refused</source>
        <translation>密钥被拒</translation>
    </message>
    <message>
        <source>key out of credit</source>
        <translation>密钥额度用尽</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>被限速</translation>
    </message>
    <message>
        <source>Exa failed</source>
        <translation>Exa 出错</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>proxy failed</source>
        <translation>代理失败</translation>
    </message>
    <message>
        <source>failed here</source>
        <translation>本机出错</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>CommandEngine</name>
    <message>
        <source>Move it aside (it is kept) and start with a fresh one: exadesk database move-aside</source>
        <translation>可将其移到一旁（会保留）并使用新的数据库：exadesk database move-aside</translation>
    </message>
    <message>
        <source>%1, line %2: %3; the line is skipped.</source>
        <translation>%1，第 %2 行：%3；已跳过此行。</translation>
    </message>
    <message>
        <source>exadesk: no API key. Add one with &apos;exadesk keys add&apos; (from https://dashboard.exa.ai/api-keys), set EXA_API_KEY, e.g. EXA_API_KEY=... exadesk search &quot;your question&quot;, or pass --keys-file.</source>
        <translation>exadesk：没有 API 密钥。请用“exadesk keys add”添加一个（从 https://dashboard.exa.ai/api-keys 获取），或设置 EXA_API_KEY，例如 EXA_API_KEY=... exadesk search &quot;你的问题&quot;，或使用 --keys-file。</translation>
    </message>
    <message>
        <source>Also trust the CA certificates in this PEM file (e.g. a company proxy).</source>
        <translation>同时信任此 PEM 文件中的 CA 证书（例如公司代理）。</translation>
    </message>
    <message>
        <source>exadesk: %1 of %2</source>
        <translation>exadesk：%1 / %2</translation>
    </message>
    <message>
        <source>Exa&apos;s address (default %1).</source>
        <translation>Exa 的地址（默认 %1）。</translation>
    </message>
    <message>
        <source>--base-url takes an http or https address such as https://api.exa.ai, not &apos;%1&apos;.</source>
        <translation>--base-url 需要 http 或 https 地址，例如 https://api.exa.ai，而不是“%1”。</translation>
    </message>
    <message>
        <source>Use the keys in this file (one per line or &apos;label,key&apos;; chmod 600) instead of the stored pool.</source>
        <translation>使用此文件中的密钥（每行一个，或“label,key”格式；chmod 600），而不是已存储的密钥池。</translation>
    </message>
    <message>
        <source>Run &apos;%1 %2 --help&apos; for the options.</source>
        <translation>运行“%1 %2 --help”查看选项。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Search Exa and print the results</source>
        <translation>搜索 Exa 并打印结果</translation>
    </message>
    <message>
        <source>exadesk: &apos;%1&apos; is not a command. Run &apos;exadesk --help&apos; to see the commands.</source>
        <translation>exadesk：“%1”不是命令。运行“exadesk --help”查看可用命令。</translation>
    </message>
    <message>
        <source>Usage: exadesk [command] [options]</source>
        <translation>用法：exadesk [命令] [选项]</translation>
    </message>
    <message>
        <source>ExaDesk searches the web with Exa using your own API keys.</source>
        <translation>ExaDesk 使用你自己的 API 密钥通过 Exa 搜索网络。</translation>
    </message>
    <message>
        <source>Without a command it opens the ExaDesk window.</source>
        <translation>不带命令时打开 ExaDesk 窗口。</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>Show this help; &apos;exadesk COMMAND --help&apos; shows a command&apos;s options</source>
        <translation>显示此帮助；“exadesk 命令 --help”显示该命令的选项</translation>
    </message>
    <message>
        <source>Show the version</source>
        <translation>显示版本</translation>
    </message>
    <message>
        <source>Exit codes: 0 success, 1 an error you can fix (the message says how), 2 a bad command line.</source>
        <translation>退出码：0 成功，1 可以自行修复的错误（消息会说明如何修复），2 命令行有误。</translation>
    </message>
    <message>
        <source>Add, import, list, test, enable, disable or remove API keys</source>
        <translation>添加、导入、列出、测试、启用、停用或移除 API 密钥</translation>
    </message>
    <message>
        <source>Add, import, list, test or remove proxies</source>
        <translation>添加、导入、列出、测试或移除代理</translation>
    </message>
    <message>
        <source>Export keys&apos; labels, proxies and settings as JSON</source>
        <translation>将密钥的标签、代理和设置导出为 JSON</translation>
    </message>
    <message>
        <source>Show or change the engine&apos;s settings</source>
        <translation>查看或更改引擎设置</translation>
    </message>
    <message>
        <source>Move a damaged database aside</source>
        <translation>将损坏的数据库移到一旁</translation>
    </message>
    <message>
        <source>exadesk: --log-format takes json or text, not &apos;%1&apos;.</source>
        <translation>exadesk：--log-format 需要 json 或 text，而不是“%1”。</translation>
    </message>
    <message>
        <source>How the log in the data folder is written (default text)</source>
        <translation>数据文件夹中日志的写入格式（默认 text）</translation>
    </message>
    <message>
        <source>Serve Exa&apos;s API on a local port, over your key pool</source>
        <translation>在本地端口上提供 Exa 的 API，使用你的密钥池</translation>
    </message>
    <message>
        <source>Show or regenerate the local port&apos;s access token</source>
        <translation>显示或重新生成本地端口的访问令牌</translation>
    </message>
    <message>
        <source>Show or change how keys&apos; secrets are guarded</source>
        <translation>查看或更改密钥机密的保护方式</translation>
    </message>
    <message>
        <source>Serve ExaDesk&apos;s search tools to AI agents over MCP (stdio)</source>
        <translation>通过 MCP（stdio）向 AI 智能体提供 ExaDesk 的搜索工具</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>could not read standard input</source>
        <translation>无法读取标准输入</translation>
    </message>
    <message>
        <source>could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>DataCommands</name>
    <message>
        <source>Exports keys&apos; labels and statistics, proxies and settings as JSON, without secrets unless --with-secrets is given.</source>
        <translation>将密钥的标签和统计信息、代理及设置导出为 JSON；除非指定 --with-secrets，否则不含机密信息。</translation>
    </message>
    <message>
        <source>Show the options of this command.</source>
        <translation>显示此命令的选项。</translation>
    </message>
    <message>
        <source>Write to this file instead of the screen.</source>
        <translation>写入此文件，而不是输出到屏幕。</translation>
    </message>
    <message>
        <source>Include the keys and proxy passwords themselves (needs --output; the file is made readable by you only).</source>
        <translation>包含密钥和代理密码本身（需要 --output；该文件将设为仅你可读）。</translation>
    </message>
    <message>
        <source>exadesk: --with-secrets writes to a file only: add --output FILE.</source>
        <translation>exadesk：--with-secrets 只能写入文件：请加上 --output FILE。</translation>
    </message>
    <message>
        <source>exadesk: warning: the file will hold your API keys and proxy passwords in plain text. Keep it safe and delete it when done.</source>
        <translation>exadesk：警告：该文件将以明文保存你的 API 密钥和代理密码。请妥善保管，用完后删除。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n key(s) and %1 proxies to %2.</source>
        <translation>
            <numerusform>已将 %n 个密钥和 %1 个代理导出到 %2。</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: %1 database move-aside</source>
        <translation>用法：%1 database move-aside</translation>
    </message>
    <message>
        <source>Moves a damaged database aside (it is kept, renamed) so a fresh one starts next time.</source>
        <translation>将损坏的数据库移到一旁（重命名后保留），下次启动时使用新的数据库。</translation>
    </message>
    <message>
        <source>exadesk: there is no database at %1.</source>
        <translation>exadesk：%1 处没有数据库。</translation>
    </message>
    <message>
        <source>The old database is kept as %1; a fresh one starts next time.</source>
        <translation>旧数据库已保留为 %1；下次启动时使用新的数据库。</translation>
    </message>
    <message>
        <source>Your keys&apos; secrets stay in the system keychain; add the keys again to use them with the fresh database.</source>
        <translation>密钥的机密仍保存在系统钥匙串中；要在新数据库中使用它们，请重新添加这些密钥。</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The database is in use by another program (%1). Close other copies of ExaDesk and try again.</source>
        <translation>数据库正被另一个程序使用（%1）。请关闭其他正在运行的 ExaDesk 后重试。</translation>
    </message>
    <message>
        <source>The database is damaged (%1). It can be moved aside, kept for you, and a fresh one started.</source>
        <translation>数据库已损坏（%1）。可以将其移到一旁为你保留，并使用新的数据库。</translation>
    </message>
    <message>
        <source>Could not %1: %2</source>
        <translation>无法%1：%2</translation>
    </message>
    <message>
        <source>Could not create the data folder %1. Check that you may write there, or set EXADESK_DATA_DIR to another folder.</source>
        <translation>无法创建数据文件夹 %1。请检查你是否有写入权限，或将 EXADESK_DATA_DIR 设为其他文件夹。</translation>
    </message>
    <message>
        <source>Could not open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>prepare the database</source>
        <translation>准备数据库</translation>
    </message>
    <message>
        <source>read the database</source>
        <translation>读取数据库</translation>
    </message>
    <message>
        <source>The database was written by a newer ExaDesk (schema %1; this one knows %2). Update ExaDesk; the database was not changed.</source>
        <translation>该数据库由更新版本的 ExaDesk 写入（架构版本 %1；当前版本仅支持 %2）。请更新 ExaDesk；数据库未作任何更改。</translation>
    </message>
    <message>
        <source>update the database to version %1</source>
        <translation>将数据库升级到版本 %1</translation>
    </message>
    <message>
        <source>start a transaction</source>
        <translation>开始事务</translation>
    </message>
    <message>
        <source>write to the database</source>
        <translation>写入数据库</translation>
    </message>
    <message>
        <source>save to the database</source>
        <translation>保存到数据库</translation>
    </message>
    <message>
        <source>Could not move %1 aside to %2. Move or remove it yourself and start again.</source>
        <translation>无法将 %1 移到 %2。请手动移走或删除它，然后重新启动。</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>ExaDesk is still running</source>
        <translation>ExaDesk 仍在运行</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Proxies</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Vault passphrase</source>
        <translation>保险库口令</translation>
    </message>
    <message>
        <source>The keys&apos; secrets in this data folder are guarded by a passphrase. Enter it to open them:</source>
        <translation>此数据文件夹中密钥的机密由口令保护。请输入口令以打开它们：</translation>
    </message>
    <message>
        <source>ExaDesk keeps running in the tray, with the local port if it is on. Quit it from the tray icon&apos;s menu, or with File &gt; Quit.</source>
        <translation>ExaDesk 会继续在托盘中运行（若本地端口已开启，也会继续运行）。可从托盘图标的菜单或“文件 &gt; 退出”退出。</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
</context>
<context>
    <name>ExaError</name>
    <message>
        <source>The API key was rejected; check that it is copied whole from the Exa dashboard.</source>
        <translation>API 密钥被拒绝；请检查是否从 Exa 控制台完整复制。</translation>
    </message>
    <message>
        <source>The key has no credits or budget left.</source>
        <translation>该密钥的额度或预算已用完。</translation>
    </message>
    <message>
        <source>The key is rate limited; wait a moment or add more keys.</source>
        <translation>该密钥被限速；请稍候，或添加更多密钥。</translation>
    </message>
    <message>
        <source>Exa is having trouble; try again shortly.</source>
        <translation>Exa 服务出现问题；请稍后重试。</translation>
    </message>
    <message>
        <source>Exa answered %1.</source>
        <translation>Exa 返回 %1。</translation>
    </message>
    <message>
        <source>Exa answered %1: %2</source>
        <translation>Exa 返回 %1：%2</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>active</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>cooling down</source>
        <translation>冷却中</translation>
    </message>
    <message>
        <source>resting</source>
        <translation>休息中</translation>
    </message>
    <message>
        <source>out of credit</source>
        <translation>额度用尽</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Neural</source>
        <translation>神经</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Deep</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Deep reasoning</source>
        <translation>深度推理</translation>
    </message>
    <message>
        <source>Instant</source>
        <translation>即时</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Research paper</source>
        <translation>研究论文</translation>
    </message>
    <message>
        <source>News</source>
        <translation>新闻</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>GitHub</source>
        <translation>GitHub</translation>
    </message>
    <message>
        <source>Personal site</source>
        <translation>个人网站</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人物</translation>
    </message>
    <message>
        <source>Financial report</source>
        <translation>财务报告</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Find similar</source>
        <translation>查找相似</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Research</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>MCP</source>
        <translation>MCP</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>直连</translation>
    </message>
</context>
<context>
    <name>HistoryStore</name>
    <message>
        <source>save the search</source>
        <translation>保存搜索</translation>
    </message>
    <message>
        <source>save the search&apos;s results</source>
        <translation>保存搜索结果</translation>
    </message>
    <message>
        <source>read the history</source>
        <translation>读取历史记录</translation>
    </message>
    <message>
        <source>search the history</source>
        <translation>搜索历史记录</translation>
    </message>
    <message>
        <source>read a search&apos;s results</source>
        <translation>读取搜索结果</translation>
    </message>
    <message>
        <source>remove a search</source>
        <translation>移除搜索</translation>
    </message>
    <message>
        <source>clear the history</source>
        <translation>清空历史记录</translation>
    </message>
</context>
<context>
    <name>KeyImport</name>
    <message>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>duplicate (%1)</source>
        <translation>重复（%1）</translation>
    </message>
    <message>
        <source>malformed: %1</source>
        <translation>格式错误：%1</translation>
    </message>
    <message>
        <source>not added: %1</source>
        <translation>未添加：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>已添加 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate</source>
        <translation>
            <numerusform>重复 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not added</source>
        <translation>
            <numerusform>未添加 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>no secret: the backup was made without --with-secrets</source>
        <translation>没有机密：该备份是在未加 --with-secrets 的情况下导出的</translation>
    </message>
</context>
<context>
    <name>KeysCommand</name>
    <message>
        <source>Usage: %1 keys COMMAND [options]</source>
        <translation>用法：%1 keys 命令 [选项]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>add the key read from standard input</source>
        <translation>添加从标准输入读取的密钥</translation>
    </message>
    <message>
        <source>show the keys (masked) and their state</source>
        <translation>显示密钥（已遮盖）及其状态</translation>
    </message>
    <message>
        <source>use or stop using keys</source>
        <translation>启用或停用密钥</translation>
    </message>
    <message>
        <source>check keys with a one-result search (billed)</source>
        <translation>用只返回一条结果的搜索检查密钥（计费）</translation>
    </message>
    <message>
        <source>KEY is a key&apos;s id, its label or the last characters of the key.</source>
        <translation>KEY 可以是密钥的 id、标签或密钥的最后几个字符。</translation>
    </message>
    <message>
        <source>exadesk: &apos;%1&apos; is not a keys command.</source>
        <translation>exadesk：“%1”不是 keys 的子命令。</translation>
    </message>
    <message>
        <source>A name for the key.</source>
        <translation>密钥的名称。</translation>
    </message>
    <message>
        <source>A tag (repeatable).</source>
        <translation>标记（可重复）。</translation>
    </message>
    <message>
        <source>A note.</source>
        <translation>备注。</translation>
    </message>
    <message>
        <source>exadesk: keys add reads the key from standard input, e.g. exadesk keys add --label work &lt; key.txt</source>
        <translation>exadesk：keys add 从标准输入读取密钥，例如 exadesk keys add --label work &lt; key.txt</translation>
    </message>
    <message>
        <source>exadesk: no key on standard input. Paste it and press Ctrl+D, or: exadesk keys add &lt; key.txt</source>
        <translation>exadesk：标准输入中没有密钥。请粘贴密钥后按 Ctrl+D，或运行：exadesk keys add &lt; key.txt</translation>
    </message>
    <message>
        <source>Added %1 (%2).</source>
        <translation>已添加 %1（%2）。</translation>
    </message>
    <message>
        <source>Give every imported key this tag (repeatable).</source>
        <translation>为每个导入的密钥加上此标记（可重复）。</translation>
    </message>
    <message>
        <source>exadesk: keys import takes one file, or - for standard input.</source>
        <translation>exadesk：keys import 只接受一个文件，或用 - 表示标准输入。</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>No keys yet. Add one with: exadesk keys add --label NAME &lt; key.txt</source>
        <translation>还没有密钥。可用以下命令添加：exadesk keys add --label NAME &lt; key.txt</translation>
    </message>
    <message>
        <source>%1 %2 %3 %4 %5</source>
        <translation>%1 %2 %3 %4 %5</translation>
    </message>
    <message>
        <source>LABEL</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>KEY</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>REQUESTS</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>LAST USED</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <source>no secret</source>
        <translation>密钥缺失</translation>
    </message>
    <message>
        <source>exadesk: no key is called &apos;%1&apos;.</source>
        <translation>exadesk：没有名为“%1”的密钥。</translation>
    </message>
    <message>
        <source>exadesk: &apos;%1&apos; names %2 keys; use the id (exadesk keys list --json).</source>
        <translation>exadesk：“%1”对应 %2 个密钥；请改用 id（exadesk keys list --json）。</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n key(s).</source>
        <translation>
            <numerusform>已移除 %n 个密钥。</numerusform>
        </translation>
    </message>
    <message>
        <source>Enabled %1.</source>
        <translation>已启用 %1。</translation>
    </message>
    <message>
        <source>Disabled %1.</source>
        <translation>已停用 %1。</translation>
    </message>
    <message>
        <source>Exa&apos;s address.</source>
        <translation>Exa 的地址。</translation>
    </message>
    <message>
        <source>not added</source>
        <translation>未添加</translation>
    </message>
    <message>
        <source>remove keys and their secrets</source>
        <translation>删除密钥及其机密</translation>
    </message>
    <message>
        <source>Keys are kept sealed in %1, with a vault key the system keychain keeps (see &apos;exadesk vault&apos;).</source>
        <translation>密钥以加密形式保存在 %1 中，其保险库密钥由系统钥匙串保管（参见“exadesk vault”）。</translation>
    </message>
    <message>
        <source>add the keys in a file: one per line or &apos;label,key&apos;; &apos;#&apos; comments; or a backup made by &apos;exadesk export --with-secrets&apos;</source>
        <translation>添加文件中的密钥：每行一个或“标签,密钥”；“#”为注释；或由“exadesk export --with-secrets”生成的备份</translation>
    </message>
</context>
<context>
    <name>KeysFile</name>
    <message>
        <source>the key is empty</source>
        <translation>密钥为空</translation>
    </message>
    <message numerus="yes">
        <source>the key is too short to be an API key (%n characters)</source>
        <translation>
            <numerusform>密钥太短，不像 API 密钥（%n 个字符）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the key is too long to be an API key (%n characters)</source>
        <translation>
            <numerusform>密钥太长，不像 API 密钥（%n 个字符）</numerusform>
        </translation>
    </message>
    <message>
        <source>the key contains a space or a character API keys do not have</source>
        <translation>密钥含有空格或 API 密钥不会有的字符</translation>
    </message>
    <message>
        <source>the same key as line %1</source>
        <translation>与第 %1 行的密钥相同</translation>
    </message>
    <message>
        <source>The keys file %1 does not exist.</source>
        <translation>密钥文件 %1 不存在。</translation>
    </message>
    <message>
        <source>The keys file %1 can be read or changed by other users, so it is not used. Make it private with: chmod 600 %1</source>
        <translation>其他用户可以读取或修改密钥文件 %1，因此不使用它。请用以下命令将其设为私有：chmod 600 %1</translation>
    </message>
    <message>
        <source>The keys file %1 cannot be read: %2</source>
        <translation>无法读取密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>The keys file %1 is too large to be a list of keys.</source>
        <translation>密钥文件 %1 太大，不像密钥列表。</translation>
    </message>
    <message>
        <source>the label looks like a key; write the label first: label,key</source>
        <translation>标签看起来像密钥；请把标签写在前面：标签,密钥</translation>
    </message>
    <message>
        <source>this is a web address, not an API key; copy the key itself from dashboard.exa.ai/api-keys</source>
        <translation>这是一个网址，不是 API 密钥；请从 dashboard.exa.ai/api-keys 复制密钥本身</translation>
    </message>
    <message>
        <source>the key contains a comma; put its label in the label&apos;s own place</source>
        <translation>密钥中含有逗号；请把标签写在标签自己的位置</translation>
    </message>
    <message>
        <source>the label holds what looks like an API key; put the key in its own place, not in the label</source>
        <translation>标签中含有疑似 API 密钥的内容；请把密钥写在它自己的位置，而不是标签里</translation>
    </message>
</context>
<context>
    <name>LearnedState</name>
    <message>
        <source>read what was learnt of the keys</source>
        <translation>读取已了解的密钥状况</translation>
    </message>
    <message>
        <source>save what was learnt of a key</source>
        <translation>保存已了解的密钥状况</translation>
    </message>
    <message>
        <source>read the research tasks&apos; keys</source>
        <translation>读取研究任务所用的密钥</translation>
    </message>
    <message>
        <source>save a research task&apos;s key</source>
        <translation>保存研究任务所用的密钥</translation>
    </message>
    <message>
        <source>read the engine&apos;s notes</source>
        <translation>读取引擎记录</translation>
    </message>
    <message>
        <source>save the engine&apos;s notes</source>
        <translation>保存引擎记录</translation>
    </message>
</context>
<context>
    <name>McpArguments</name>
    <message>
        <source>Invalid arguments for %1: %2</source>
        <translation>%1 的参数无效：%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is required.</source>
        <translation>缺少必需的“%1”。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a string.</source>
        <translation>“%1”必须是字符串。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must not be empty.</source>
        <translation>“%1”不能为空。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be one of %2, not &apos;%3&apos;.</source>
        <translation>“%1”必须是 %2 之一，而不是“%3”。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a list of strings.</source>
        <translation>“%1”必须是字符串列表。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a JSON object.</source>
        <translation>“%1”必须是 JSON 对象。</translation>
    </message>
</context>
<context>
    <name>McpCommand</name>
    <message>
        <source>Serves ExaDesk&apos;s tools to an AI agent over the Model Context Protocol, on stdin and stdout: the agent searches and reads the web through your key pool, with its rotation, retries and breakers.</source>
        <translation>通过模型上下文协议（MCP）在标准输入和标准输出上向 AI 智能体提供 ExaDesk 的工具：智能体通过你的密钥池搜索和阅读网页，享有其轮换、重试和熔断。</translation>
    </message>
    <message>
        <source>Show the options of this command.</source>
        <translation>显示此命令的选项。</translation>
    </message>
    <message>
        <source>Offer these tools (comma-separated; default %1). The tools: %2.</source>
        <translation>提供这些工具（以逗号分隔；默认 %1）。可用工具：%2。</translation>
    </message>
    <message>
        <source>mcp takes no arguments, only options.</source>
        <translation>mcp 不接受参数，只接受选项。</translation>
    </message>
    <message>
        <source>--tools names no tool ExaDesk has; the tools are %1.</source>
        <translation>--tools 中没有 ExaDesk 提供的工具；可用工具为 %1。</translation>
    </message>
    <message>
        <source>exadesk: warning: there is no tool &apos;%1&apos;; it is left out.</source>
        <translation>exadesk：警告：没有名为“%1”的工具；已忽略。</translation>
    </message>
    <message>
        <source>exadesk: mcp over stdin and stdout is not available on this system yet; use the local port&apos;s /mcp endpoint instead.</source>
        <translation>exadesk：此系统尚不支持通过标准输入和标准输出运行 mcp；请改用本地端口的 /mcp 端点。</translation>
    </message>
    <message numerus="yes">
        <source>exadesk: MCP server on stdin and stdout with %n key(s), offering %1.</source>
        <translation>
            <numerusform>exadesk：MCP 服务器在标准输入和标准输出上运行，有 %n 个密钥，提供 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Invalid request: a message longer than %1 MiB was dropped.</source>
        <translation>无效请求：超过 %1 MiB 的消息已被丢弃。</translation>
    </message>
</context>
<context>
    <name>PoolExport</name>
    <message>
        <source>could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>PoolRecords</name>
    <message>
        <source>read the keys</source>
        <translation>读取密钥</translation>
    </message>
    <message>
        <source>read a key</source>
        <translation>读取密钥</translation>
    </message>
    <message>
        <source>add key %1</source>
        <translation>添加密钥 %1</translation>
    </message>
    <message>
        <source>remove a key</source>
        <translation>移除密钥</translation>
    </message>
    <message>
        <source>save key %1</source>
        <translation>保存密钥 %1</translation>
    </message>
    <message>
        <source>flag a key</source>
        <translation>标记密钥</translation>
    </message>
    <message>
        <source>read the proxies</source>
        <translation>读取代理</translation>
    </message>
    <message>
        <source>add proxy %1</source>
        <translation>添加代理 %1</translation>
    </message>
    <message>
        <source>save proxy %1</source>
        <translation>保存代理 %1</translation>
    </message>
    <message>
        <source>remove a proxy</source>
        <translation>移除代理</translation>
    </message>
</context>
<context>
    <name>ProxiesCommand</name>
    <message>
        <source>Usage: %1 proxies COMMAND [options]</source>
        <translation>用法：%1 proxies 命令 [选项]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>add proxies: http://[user:pass@]host:port, socks5://[user:pass@]host:port, direct</source>
        <translation>添加代理：http://[user:pass@]host:port、socks5://[user:pass@]host:port 或 direct</translation>
    </message>
    <message>
        <source>add the proxies in a file, one per line; &apos;#&apos; comments</source>
        <translation>添加文件中的代理，每行一个；“#”开始注释</translation>
    </message>
    <message>
        <source>show the proxies (without passwords)</source>
        <translation>显示代理（不含密码）</translation>
    </message>
    <message>
        <source>remove proxies (as list shows them)</source>
        <translation>移除代理（按 list 显示的写法）</translation>
    </message>
    <message>
        <source>check that Exa answers through them</source>
        <translation>检查能否通过代理访问 Exa</translation>
    </message>
    <message>
        <source>exadesk: &apos;%1&apos; is not a proxies command.</source>
        <translation>exadesk：“%1”不是 proxies 的子命令。</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>已添加 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not added</source>
        <translation>
            <numerusform>未添加 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>No proxies: keys go straight to Exa. Add one with: exadesk proxies add socks5://host:1080</source>
        <translation>没有代理：密钥直接连接 Exa。可用以下命令添加：exadesk proxies add socks5://host:1080</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n proxy(ies).</source>
        <translation>
            <numerusform>已移除 %n 个代理。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exa&apos;s address.</source>
        <translation>Exa 的地址。</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>exadesk: there is no proxy %1 (&apos;exadesk proxies list&apos; shows them).</source>
        <translation>exadesk：没有代理 %1（“exadesk proxies list”会列出代理）。</translation>
    </message>
    <message>
        <source>works: %1</source>
        <translation>可用：%1</translation>
    </message>
    <message>
        <source>the most calls a second through each proxy, whatever its keys allow (0: no limit)</source>
        <translation>每个代理每秒最多的调用数，不论其密钥允许多少（0：不限）</translation>
    </message>
    <message>
        <source>Each carries at most %1 calls a second (&apos;exadesk proxies pace&apos; changes it).</source>
        <translation>每个代理每秒最多 %1 次调用（可用“exadesk proxies pace”更改）。</translation>
    </message>
    <message>
        <source>Proxies are not paced: each carries what its keys allow.</source>
        <translation>代理不限速：每个代理承载其密钥允许的调用数。</translation>
    </message>
    <message>
        <source>Each proxy carries at most %1 calls a second.</source>
        <translation>每个代理每秒最多承载 %1 次调用。</translation>
    </message>
    <message>
        <source>, password sealed</source>
        <translation>，密码已加密</translation>
    </message>
</context>
<context>
    <name>ProxyConfig</name>
    <message>
        <source>the proxy type &quot;%1&quot; is not supported; use http://, socks5:// or direct</source>
        <translation>不支持代理类型“%1”；请使用 http://、socks5:// 或 direct</translation>
    </message>
    <message>
        <source>not a proxy address; write it like http://host:port or socks5://user:password@host:port</source>
        <translation>这不是代理地址；请写成 http://host:port 或 socks5://user:password@host:port 的形式</translation>
    </message>
    <message>
        <source>the proxy address has no host; write it like %1://host:port</source>
        <translation>代理地址缺少主机；请写成 %1://host:port 的形式</translation>
    </message>
    <message>
        <source>the proxy address has no port; write it like %1://%2:port</source>
        <translation>代理地址缺少端口；请写成 %1://%2:port 的形式</translation>
    </message>
    <message>
        <source>a proxy address has no path; write it like %1://%2:%3</source>
        <translation>代理地址不带路径；请写成 %1://%2:%3 的形式</translation>
    </message>
</context>
<context>
    <name>RequestGuard</name>
    <message>
        <source>The Host header names an address this port does not answer to; use http://127.0.0.1:%1 or http://localhost:%1.</source>
        <translation>Host 头指向的地址不是此端口所响应的地址；请使用 http://127.0.0.1:%1 或 http://localhost:%1。</translation>
    </message>
    <message>
        <source>The request has no Host header.</source>
        <translation>请求缺少 Host 头。</translation>
    </message>
    <message>
        <source>Web pages from this origin may not use the local port; add the origin in ExaDesk&apos;s settings to allow it.</source>
        <translation>此来源的网页不能使用本地端口；请在 ExaDesk 的设置中添加该来源以允许访问。</translation>
    </message>
    <message>
        <source>Send ExaDesk&apos;s access token as the x-api-key header or as &apos;Authorization: Bearer &lt;token&gt;&apos;; ExaDesk shows it in its settings.</source>
        <translation>请将 ExaDesk 的访问令牌作为 x-api-key 头发送，或以“Authorization: Bearer &lt;token&gt;”形式发送；ExaDesk 会在其设置中显示该令牌。</translation>
    </message>
    <message>
        <source>The access token is not ExaDesk&apos;s; copy it again from ExaDesk&apos;s settings.</source>
        <translation>该访问令牌不是 ExaDesk 的；请从 ExaDesk 的设置中重新复制。</translation>
    </message>
    <message>
        <source>Credentials are never taken from the URL, where logs keep them; send the access token as the x-api-key header.</source>
        <translation>绝不会从 URL 中读取凭据，因为日志会记录 URL；请将访问令牌作为 x-api-key 头发送。</translation>
    </message>
</context>
<context>
    <name>RequestLog</name>
    <message>
        <source>write the request log</source>
        <translation>写入请求日志</translation>
    </message>
    <message>
        <source>read the request log</source>
        <translation>读取请求日志</translation>
    </message>
    <message>
        <source>trim the request log</source>
        <translation>清理请求日志</translation>
    </message>
</context>
<context>
    <name>ResultPrinter</name>
    <message>
        <source>No results.</source>
        <translation>没有结果。</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 条结果</translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation>%1 条结果</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>（无标题）</translation>
    </message>
    <message>
        <source>Summary: %1</source>
        <translation>摘要：%1</translation>
    </message>
</context>
<context>
    <name>SearchCommand</name>
    <message>
        <source>What to search for (several words are joined).</source>
        <translation>要搜索的内容（多个词会连接在一起）。</translation>
    </message>
    <message>
        <source>Show the options of this command.</source>
        <translation>显示此命令的选项。</translation>
    </message>
    <message>
        <source>Number of results, 1 to 100 (Exa&apos;s default is 10).</source>
        <translation>结果数量，1 到 100（Exa 默认为 10）。</translation>
    </message>
    <message>
        <source>Search type: %1.</source>
        <translation>搜索类型：%1。</translation>
    </message>
    <message>
        <source>Only this kind of page: %1.</source>
        <translation>只要此类页面：%1。</translation>
    </message>
    <message>
        <source>Only results from this domain (repeatable).</source>
        <translation>只要来自此域名的结果（可重复）。</translation>
    </message>
    <message>
        <source>No results from this domain (repeatable).</source>
        <translation>不要来自此域名的结果（可重复）。</translation>
    </message>
    <message>
        <source>Only pages published after this date (YYYY-MM-DD).</source>
        <translation>只要在此日期之后发布的页面（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>Only pages published before this date (YYYY-MM-DD).</source>
        <translation>只要在此日期之前发布的页面（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>Fetch and print each page&apos;s text.</source>
        <translation>获取并打印每个页面的正文。</translation>
    </message>
    <message>
        <source>Fetch and print the most relevant passages.</source>
        <translation>获取并打印最相关的段落。</translation>
    </message>
    <message>
        <source>Fetch and print a summary of each page.</source>
        <translation>获取并打印每个页面的摘要。</translation>
    </message>
    <message>
        <source>Print Exa&apos;s response exactly as it came (JSON).</source>
        <translation>原样打印 Exa 的响应（JSON）。</translation>
    </message>
    <message>
        <source>Give up after this many seconds (default 60).</source>
        <translation>超过此秒数后放弃（默认 60）。</translation>
    </message>
    <message>
        <source>The User-Agent to send (default %1).</source>
        <translation>要发送的 User-Agent（默认 %1）。</translation>
    </message>
    <message>
        <source>say what to search for, e.g. exadesk search &quot;rust async runtimes&quot;.</source>
        <translation>请说明要搜索什么，例如 exadesk search &quot;rust async runtimes&quot;。</translation>
    </message>
    <message>
        <source>--num takes a whole number from 1 to 100, not &apos;%1&apos;.</source>
        <translation>--num 需要 1 到 100 之间的整数，而不是“%1”。</translation>
    </message>
    <message>
        <source>--type takes one of %1, not &apos;%2&apos;.</source>
        <translation>--type 需要 %1 之一，而不是“%2”。</translation>
    </message>
    <message>
        <source>--category takes one of %1, not &apos;%2&apos;.</source>
        <translation>--category 需要 %1 之一，而不是“%2”。</translation>
    </message>
    <message>
        <source>--%1 takes a date such as 2024-03-01, not &apos;%2&apos;.</source>
        <translation>--%1 需要形如 2024-03-01 的日期，而不是“%2”。</translation>
    </message>
    <message>
        <source>--timeout takes a number of seconds from 0 to 3600, not &apos;%1&apos;.</source>
        <translation>--timeout 需要 0 到 3600 之间的秒数，而不是“%1”。</translation>
    </message>
    <message>
        <source>(key %1)</source>
        <translation>（密钥 %1）</translation>
    </message>
    <message>
        <source>Searches Exa and prints the results. The API key comes from the EXA_API_KEY environment variable, or a pool of keys from --keys-file.</source>
        <translation>搜索 Exa 并打印结果。API 密钥来自 EXA_API_KEY 环境变量，或来自 --keys-file 的密钥池。</translation>
    </message>
    <message>
        <source>Use the keys in this file, one per line or &apos;label,key&apos;; &apos;#&apos; starts a comment. Only you may read it (chmod 600).</source>
        <translation>使用此文件中的密钥，每行一个或写成“标签,密钥”；“#”开始注释。该文件只能由你读取（chmod 600）。</translation>
    </message>
    <message>
        <source>Send through this proxy: http://[user:password@]host:port or socks5://[user:password@]host:port (repeatable; each key keeps to one).</source>
        <translation>通过此代理发送：http://[user:password@]host:port 或 socks5://[user:password@]host:port（可重复；每个密钥固定使用其中一个）。</translation>
    </message>
    <message>
        <source>--proxy: %1.</source>
        <translation>--proxy：%1。</translation>
    </message>
    <message>
        <source>the search was not recorded in the history: %1</source>
        <translation>搜索未记入历史记录：%1</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>The keychain has no such entry; it may have been removed outside ExaDesk. Add the key again.</source>
        <translation>钥匙串中没有此条目；它可能已在 ExaDesk 之外被删除。请重新添加该密钥。</translation>
    </message>
    <message>
        <source>No keychain service is running (%1). Start your desktop&apos;s keyring (GNOME Keyring, KWallet or another Secret Service), or on a server use a keys file with --keys-file.</source>
        <translation>没有正在运行的钥匙串服务（%1）。请启动桌面环境的钥匙串（GNOME Keyring、KWallet 或其他 Secret Service）；在服务器上请通过 --keys-file 使用密钥文件。</translation>
    </message>
    <message>
        <source>The keychain is locked. Unlock it (for example by logging in to your desktop) and try again.</source>
        <translation>钥匙串已锁定。请先解锁（例如登录桌面）后重试。</translation>
    </message>
    <message>
        <source>The keychain refused access. Allow ExaDesk when the keychain asks, or check its settings.</source>
        <translation>钥匙串拒绝访问。请在钥匙串询问时允许 ExaDesk，或检查钥匙串的设置。</translation>
    </message>
    <message>
        <source>The keychain did not answer within %1 s. It may be waiting for you to unlock it.</source>
        <translation>钥匙串未在 %1 秒内响应。它可能正在等待你解锁。</translation>
    </message>
    <message>
        <source>The keychain failed: %1</source>
        <translation>钥匙串出错：%1</translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <source>the local port&apos;s access token is kept in the system keychain, which failed: %1</source>
        <translation>本地端口的访问令牌保存在系统钥匙串中，但钥匙串操作失败：%1</translation>
    </message>
    <message>
        <source>On a server without a keychain, put a token in a file only you can read and pass --token-file FILE.</source>
        <translation>在没有钥匙串的服务器上，请将令牌放入仅你可读的文件中，并传入 --token-file FILE。</translation>
    </message>
    <message>
        <source>exadesk: made a new access token for the local port and stored it in the keychain; &apos;exadesk token&apos; shows it.</source>
        <translation>exadesk：已为本地端口生成新的访问令牌并保存到钥匙串中；“exadesk token”可显示该令牌。</translation>
    </message>
    <message numerus="yes">
        <source> %n attempt(s)</source>
        <translation>
            <numerusform> 尝试 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source> via %1</source>
        <translation> 经由 %1</translation>
    </message>
    <message>
        <source>Serves Exa&apos;s API on a local port: any Exa client pointed at it (base URL and ExaDesk&apos;s access token) uses your key pool, with its rotation, retries and breakers.</source>
        <translation>在本地端口上提供 Exa 的 API：任何指向该端口（基础 URL 加 ExaDesk 的访问令牌）的 Exa 客户端都会使用你的密钥池，并享有其轮换、重试和熔断机制。</translation>
    </message>
    <message>
        <source>Show the options of this command.</source>
        <translation>显示此命令的选项。</translation>
    </message>
    <message>
        <source>Listen on this address (repeatable; default 127.0.0.1 and ::1). Another address lets other computers reach the port.</source>
        <translation>在此地址上监听（可重复指定；默认为 127.0.0.1 和 ::1）。使用其他地址可让其他计算机访问该端口。</translation>
    </message>
    <message>
        <source>Listen on this port (default 8787; 0 picks a free one).</source>
        <translation>在此端口上监听（默认 8787；0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>Take the access token from this file (chmod 600) instead of the keychain, for servers without one.</source>
        <translation>从此文件读取访问令牌（chmod 600），而不是从钥匙串读取，适用于没有钥匙串的服务器。</translation>
    </message>
    <message>
        <source>Also answer to this host name (repeatable), e.g. on a LAN address.</source>
        <translation>同时响应此主机名（可重复指定），例如用于局域网地址。</translation>
    </message>
    <message>
        <source>Let web pages from this origin call the port (repeatable), e.g. http://localhost:3000.</source>
        <translation>允许来自此来源的网页调用该端口（可重复指定），例如 http://localhost:3000。</translation>
    </message>
    <message>
        <source>serve takes no arguments, only options.</source>
        <translation>serve 不接受参数，只接受选项。</translation>
    </message>
    <message>
        <source>--bind takes an IP address such as 127.0.0.1, not &apos;%1&apos;.</source>
        <translation>--bind 需要 IP 地址，例如 127.0.0.1，而不是“%1”。</translation>
    </message>
    <message>
        <source>--port takes a number from 0 to 65535, not &apos;%1&apos;.</source>
        <translation>--port 需要 0 到 65535 之间的数字，而不是“%1”。</translation>
    </message>
    <message>
        <source>exadesk: warning: %1</source>
        <translation>exadesk：警告：%1</translation>
    </message>
    <message numerus="yes">
        <source>exadesk: serving Exa&apos;s API on %1, port %2, with %n key(s), for %3; stop with Ctrl+C.</source>
        <translation>
            <numerusform>exadesk：正在 %1 的端口 %2 上提供 Exa 的 API，使用 %n 个密钥，转发至 %3；按 Ctrl+C 停止。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>exadesk: %n request(s) still running after %1 seconds are cut off.</source>
        <translation>
            <numerusform>exadesk：%n 个请求在 %1 秒后仍未完成，已被中断。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>exadesk: stopping; %n request(s) in flight finish first (Ctrl+C again stops at once).</source>
        <translation>
            <numerusform>exadesk：正在停止；先等待 %n 个进行中的请求完成（再按一次 Ctrl+C 立即停止）。</numerusform>
        </translation>
    </message>
    <message>
        <source>exadesk: the local port is closed.</source>
        <translation>exadesk：本地端口已关闭。</translation>
    </message>
    <message>
        <source>Prints the local port&apos;s access token (made on first use); clients send it as x-api-key or &apos;Authorization: Bearer&apos;.</source>
        <translation>打印本地端口的访问令牌（首次使用时生成）；客户端将其作为 x-api-key 或“Authorization: Bearer”发送。</translation>
    </message>
    <message>
        <source>Replace the token with a new one; clients with the old one are refused.</source>
        <translation>用新令牌替换当前令牌；使用旧令牌的客户端将被拒绝。</translation>
    </message>
    <message>
        <source>token takes no arguments.</source>
        <translation>token 不接受参数。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>read setting %1</source>
        <translation>读取设置 %1</translation>
    </message>
    <message>
        <source>save setting %1</source>
        <translation>保存设置 %1</translation>
    </message>
    <message>
        <source>remove setting %1</source>
        <translation>移除设置 %1</translation>
    </message>
    <message>
        <source>read the settings</source>
        <translation>读取设置</translation>
    </message>
</context>
<context>
    <name>SettingsCommand</name>
    <message>
        <source>Usage: %1 settings list | get NAME | set NAME VALUE | unset NAME</source>
        <translation>用法：%1 settings list | get 名称 | set 名称 值 | unset 名称</translation>
    </message>
    <message>
        <source>(default) </source>
        <translation>（默认）</translation>
    </message>
    <message>
        <source> (ms)</source>
        <translation>（ms）</translation>
    </message>
    <message>
        <source> (s)</source>
        <translation>（秒）</translation>
    </message>
    <message>
        <source> (min)</source>
        <translation>（分钟）</translation>
    </message>
    <message>
        <source> (days)</source>
        <translation>（天）</translation>
    </message>
    <message>
        <source> (%)</source>
        <translation>（%）</translation>
    </message>
    <message>
        <source> (KiB)</source>
        <translation>（KiB）</translation>
    </message>
    <message>
        <source> (per second)</source>
        <translation>（每秒）</translation>
    </message>
</context>
<context>
    <name>SettingsRegistry</name>
    <message>
        <source>&apos;%1&apos; is not a setting; &apos;exadesk settings list&apos; shows them</source>
        <translation>“%1”不是设置项；运行“exadesk settings list”查看所有设置项</translation>
    </message>
    <message>
        <source>%1 takes a whole number from %2 to %3</source>
        <translation>%1 需要 %2 到 %3 之间的整数</translation>
    </message>
    <message>
        <source>%1 takes on or off</source>
        <translation>%1 只接受 on 或 off</translation>
    </message>
    <message>
        <source>%1 is one line</source>
        <translation>%1 只能是一行</translation>
    </message>
    <message>
        <source>%1 takes an http or https address such as https://api.exa.ai</source>
        <translation>%1 需要 http 或 https 地址，例如 https://api.exa.ai</translation>
    </message>
    <message>
        <source>%1 takes one or more IP addresses, such as 127.0.0.1,::1</source>
        <translation>%1 需要一个或多个 IP 地址，例如 127.0.0.1,::1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an IP address</source>
        <translation>“%1”不是 IP 地址</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a host name; give names without a port, such as myhost.local</source>
        <translation>“%1”不是主机名；请提供不带端口的名称，例如 myhost.local</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a web origin such as http://localhost:3000</source>
        <translation>“%1”不是 Web 来源，例如 http://localhost:3000</translation>
    </message>
    <message>
        <source>attempts per call, the first included</source>
        <translation>每次调用的尝试次数（含首次）</translation>
    </message>
    <message>
        <source>first backoff ceiling</source>
        <translation>首次退避上限</translation>
    </message>
    <message>
        <source>largest backoff ceiling</source>
        <translation>最大退避上限</translation>
    </message>
    <message>
        <source>time for a whole call, retries included</source>
        <translation>整个调用的时限（含重试）</translation>
    </message>
    <message>
        <source>retries after Exa&apos;s failures, as a share of calls</source>
        <translation>Exa 出错后的重试占调用数的比例</translation>
    </message>
    <message>
        <source>failures in a row that park a key</source>
        <translation>连续失败多少次后暂停密钥</translation>
    </message>
    <message>
        <source>how long a parked key rests first</source>
        <translation>密钥首次暂停的时长</translation>
    </message>
    <message>
        <source>re-check invalid and exhausted keys (billed)</source>
        <translation>复查无效和额度用完的密钥（计费）</translation>
    </message>
    <message>
        <source>first re-check after (doubling to a day)</source>
        <translation>首次复查的间隔（逐次加倍，最长一天）</translation>
    </message>
    <message>
        <source>per key: /search, /findSimilar, /answer (0: no limit)</source>
        <translation>每个密钥：/search、/findSimilar、/answer（0：不限）</translation>
    </message>
    <message>
        <source>per key: /contents (0: no limit)</source>
        <translation>每个密钥：/contents（0：不限）</translation>
    </message>
    <message>
        <source>one attempt&apos;s limit (a stream&apos;s silence)</source>
        <translation>单次尝试的时限（流式响应的静默时长）</translation>
    </message>
    <message>
        <source>User-Agent to send (empty: ExaDesk/&lt;version&gt;)</source>
        <translation>要发送的 User-Agent（留空：ExaDesk/&lt;版本&gt;）</translation>
    </message>
    <message>
        <source>Exa&apos;s address (empty: https://api.exa.ai)</source>
        <translation>Exa 的地址（留空：https://api.exa.ai）</translation>
    </message>
    <message>
        <source>days the request log is kept</source>
        <translation>请求日志的保留天数</translation>
    </message>
    <message>
        <source>the local port&apos;s port</source>
        <translation>本地端口的端口号</translation>
    </message>
    <message>
        <source>addresses the local port listens on (comma-separated)</source>
        <translation>本地端口监听的地址（以逗号分隔）</translation>
    </message>
    <message>
        <source>more host names clients may use for the local port</source>
        <translation>客户端访问本地端口时还可使用的主机名</translation>
    </message>
    <message>
        <source>web origins whose pages may call the local port</source>
        <translation>允许其网页调用本地端口的 Web 来源</translation>
    </message>
    <message>
        <source>largest request body</source>
        <translation>请求体的最大大小</translation>
    </message>
    <message>
        <source>client connections open at once</source>
        <translation>同时打开的客户端连接数</translation>
    </message>
    <message>
        <source>failed connections in a row that park a proxy</source>
        <translation>连续多少次连接失败后暂停代理</translation>
    </message>
    <message>
        <source>most of the proxies parked at once (at least one)</source>
        <translation>同时暂停的代理最多占比（至少一个）</translation>
    </message>
    <message>
        <source>per proxy (its exit address): calls, whatever its keys allow (0: no limit)</source>
        <translation>每个代理（其出口地址）：调用数，不论其密钥允许多少（0：不限）</translation>
    </message>
    <message>
        <source>calls running at once (0: as many as the keys can carry)</source>
        <translation>同时进行的调用数（0：按密钥所能承载的数量）</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>failed calls in the last 5 minutes that are an alert</source>
        <translation>最近 5 分钟内失败调用达到此比例时提醒</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
</context>
<context>
    <name>VaultCommand</name>
    <message>
        <source>the vault passphrase file %1 cannot be read: %2</source>
        <translation>无法读取保险库口令文件 %1：%2</translation>
    </message>
    <message>
        <source>the vault passphrase file %1 may be read by other users; make it yours alone (chmod 600 %1).</source>
        <translation>保险库口令文件 %1 可被其他用户读取；请仅允许自己访问（chmod 600 %1）。</translation>
    </message>
    <message>
        <source>the vault passphrase file %1 is empty.</source>
        <translation>保险库口令文件 %1 为空。</translation>
    </message>
    <message>
        <source>Vault passphrase: </source>
        <translation>保险库口令：</translation>
    </message>
    <message>
        <source>Usage: %1 vault COMMAND [options]</source>
        <translation>用法：%1 vault 命令 [选项]</translation>
    </message>
    <message>
        <source>Keys and proxy passwords are sealed in the database with one vault key, which the system keychain keeps, or a passphrase guards.</source>
        <translation>密钥和代理密码用一个保险库密钥加密后存入数据库；该密钥由系统钥匙串保管，或由口令保护。</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>say how the vault key is kept</source>
        <translation>说明保险库密钥的保管方式</translation>
    </message>
    <message>
        <source>guard the vault key with a passphrase too (with --only: instead of the keychain)</source>
        <translation>同时用口令保护保险库密钥（加 --only：代替钥匙串）</translation>
    </message>
    <message>
        <source>forget every sealed secret and start a new vault (labels and statistics stay)</source>
        <translation>丢弃所有已加密的机密并新建保险库（标签和统计保留）</translation>
    </message>
    <message>
        <source>Every command takes --vault-passphrase-file FILE (or EXADESK_VAULT_PASSPHRASE_FILE=FILE): the passphrase in a file only you can read. On a terminal it is asked for when needed.</source>
        <translation>每个命令都接受 --vault-passphrase-file 文件（或 EXADESK_VAULT_PASSPHRASE_FILE=文件）：口令放在只有你能读取的文件中。在终端中，需要时会询问口令。</translation>
    </message>
    <message>
        <source>No vault yet: one is made when the first key or proxy password is added.</source>
        <translation>尚无保险库：添加第一个密钥或代理密码时会创建。</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>a passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>The vault key is kept by %1.</source>
        <translation>保险库密钥由%1保管。</translation>
    </message>
    <message>
        <source> and </source>
        <translation>和</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) sealed with it.</source>
        <translation>
            <numerusform>已用它加密 %n 个密钥。</numerusform>
        </translation>
    </message>
    <message>
        <source>Read the new passphrase from this file.</source>
        <translation>从此文件读取新口令。</translation>
    </message>
    <message>
        <source>Keep the vault key behind the passphrase alone, not in the keychain.</source>
        <translation>仅用口令保护保险库密钥，不存入钥匙串。</translation>
    </message>
    <message>
        <source>New vault passphrase: </source>
        <translation>新的保险库口令：</translation>
    </message>
    <message>
        <source>The same again: </source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>exadesk: no passphrase was set (none given, or the two did not match). Without a terminal, use --new-passphrase-file FILE.</source>
        <translation>exadesk：未设置口令（未输入，或两次不一致）。没有终端时，请使用 --new-passphrase-file 文件。</translation>
    </message>
    <message>
        <source>The vault key is now behind the passphrase alone.</source>
        <translation>保险库密钥现在仅由口令保护。</translation>
    </message>
    <message>
        <source>The vault passphrase is set; it opens the secrets where the keychain cannot.</source>
        <translation>已设置保险库口令；钥匙串无法打开机密时可用它打开。</translation>
    </message>
    <message>
        <source>exadesk: &apos;vault start-over&apos; forgets every sealed key and proxy password (labels, statistics and history stay). Add --yes to go ahead, then bring the secrets back with &apos;exadesk keys import&apos;.</source>
        <translation>exadesk：“vault start-over”会丢弃所有已加密的密钥和代理密码（标签、统计和历史保留）。加上 --yes 以继续，然后用“exadesk keys import”恢复机密。</translation>
    </message>
    <message>
        <source>A new vault starts with the next key added. Add the keys&apos; secrets again: exadesk keys import FILE.</source>
        <translation>添加下一个密钥时将新建保险库。请重新添加密钥的机密：exadesk keys import 文件。</translation>
    </message>
</context>
<context>
    <name>VaultRecords</name>
    <message>
        <source>read the vault</source>
        <translation>读取保险库</translation>
    </message>
    <message>
        <source>save the vault</source>
        <translation>保存保险库</translation>
    </message>
    <message>
        <source>remove the vault</source>
        <translation>删除保险库</translation>
    </message>
    <message>
        <source>read the keys&apos; secrets</source>
        <translation>读取密钥的机密</translation>
    </message>
    <message>
        <source>read the proxies&apos; passwords</source>
        <translation>读取代理的密码</translation>
    </message>
    <message>
        <source>start a new vault</source>
        <translation>新建保险库</translation>
    </message>
    <message>
        <source>seal a key&apos;s secret</source>
        <translation>加密密钥的机密</translation>
    </message>
    <message>
        <source>flag a key</source>
        <translation>标记密钥</translation>
    </message>
    <message>
        <source>seal a proxy&apos;s password</source>
        <translation>加密代理的密码</translation>
    </message>
    <message>
        <source>note a keychain item to remove</source>
        <translation>记录待删除的钥匙串条目</translation>
    </message>
    <message>
        <source>finish moving the secrets</source>
        <translation>完成机密迁移</translation>
    </message>
    <message>
        <source>read the keychain items to remove</source>
        <translation>读取待删除的钥匙串条目</translation>
    </message>
    <message>
        <source>clear the keychain items to remove</source>
        <translation>清除待删除的钥匙串条目</translation>
    </message>
</context>
<context>
    <name>exa::ExaClient</name>
    <message>
        <source>Cannot read the CA bundle %1: %2</source>
        <translation>无法读取 CA 证书包 %1：%2</translation>
    </message>
    <message>
        <source>The CA bundle %1 holds no PEM certificate.</source>
        <translation>CA 证书包 %1 中没有 PEM 证书。</translation>
    </message>
    <message>
        <source>No API key was given.</source>
        <translation>没有提供 API 密钥。</translation>
    </message>
    <message>
        <source>The API key contains a space, a line break or another character that cannot be sent; copy it again from the Exa dashboard.</source>
        <translation>API 密钥中含有空格、换行或其他无法发送的字符；请从 Exa 控制台重新复制。</translation>
    </message>
</context>
<context>
    <name>exa::ExaReply</name>
    <message>
        <source>The answer from %1 stopped arriving for %2 s; the call was abandoned.</source>
        <translation>%1 的回答已中断 %2 秒；已放弃此次调用。</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation>%1 在 %2 秒内没有响应。</translation>
    </message>
    <message>
        <source>The call was cancelled.</source>
        <translation>调用已取消。</translation>
    </message>
    <message>
        <source>%1 redirected the call to another address; it was not followed, so the key did not leave this host.</source>
        <translation>%1 将调用重定向到另一个地址；未跟随重定向，因此密钥没有离开该主机。</translation>
    </message>
    <message>
        <source>%1 answered %2 but its body is not Exa&apos;s JSON (%3 at byte %4).</source>
        <translation>%1 返回 %2，但响应内容不是 Exa 的 JSON（第 %4 字节处：%3）。</translation>
    </message>
    <message>
        <source>Could not connect to %1: the connection was refused. Check the address and that the service is running.</source>
        <translation>无法连接到 %1：连接被拒绝。请检查地址以及服务是否在运行。</translation>
    </message>
    <message>
        <source>%1 closed the connection before the answer was complete.</source>
        <translation>%1 在响应完成前关闭了连接。</translation>
    </message>
    <message>
        <source>The host %1 could not be found. Check the address and your network connection.</source>
        <translation>找不到主机 %1。请检查地址和网络连接。</translation>
    </message>
    <message>
        <source>The connection to %1 timed out.</source>
        <translation>连接 %1 超时。</translation>
    </message>
    <message>
        <source>The network is unavailable.</source>
        <translation>网络不可用。</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2. If a proxy on your network inspects TLS, add its CA certificate as a CA bundle.</source>
        <translation>与 %1 的安全连接失败：%2。如果你的网络中有检查 TLS 的代理，请将其 CA 证书添加为 CA 证书包。</translation>
    </message>
    <message>
        <source>The proxy failed: %1</source>
        <translation>代理出错：%1</translation>
    </message>
    <message>
        <source>The call to %1 failed: %2</source>
        <translation>调用 %1 失败：%2</translation>
    </message>
    <message>
        <source>The call was cancelled: its network connection was closed.</source>
        <translation>调用已取消：其网络连接已关闭。</translation>
    </message>
    <message>
        <source>%1 answered %2 with an empty body.</source>
        <translation>%1 返回了 %2，但正文为空。</translation>
    </message>
    <message>
        <source>Could not connect through the proxy %1:%2: %3</source>
        <translation>无法通过代理 %1:%2 连接：%3</translation>
    </message>
    <message>
        <source>The connection to %1 closed after the call was sent and before an answer came; it was not sent again on its own.</source>
        <translation>调用发出后、回复到达前，与 %1 的连接已关闭；调用未被自动重发。</translation>
    </message>
    <message>
        <source>The answer from %1 is larger than %2 MiB; it was not read further.</source>
        <translation>来自 %1 的应答大于 %2 MiB；未再继续读取。</translation>
    </message>
    <message>
        <source>The answer was abandoned: its reader fell more than %1 MiB behind.</source>
        <translation>已放弃该应答：读取方落后超过 %1 MiB。</translation>
    </message>
</context>
<context>
    <name>exadesk::ActivityPage</name>
    <message>
        <source>All outcomes</source>
        <translation>所有结果</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Status %1</source>
        <translation>状态 %1</translation>
    </message>
    <message>
        <source>Show calls with this outcome</source>
        <translation>显示此结果的调用</translation>
    </message>
    <message>
        <source>Show calls of this key</source>
        <translation>显示此密钥的调用</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Request log</source>
        <translation>请求日志</translation>
    </message>
    <message>
        <source>All keys</source>
        <translation>所有密钥</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n 个调用</numerusform>
        </translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Time taken</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>调用详情</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>After</source>
        <translation>开始于</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
</context>
<context>
    <name>exadesk::AddKeyDialog</name>
    <message>
        <source>Check it now with a one-result search (billed)</source>
        <translation>立即用一次单结果搜索检查（会计费）</translation>
    </message>
    <message>
        <source>Add Key</source>
        <translation>添加密钥</translation>
    </message>
    <message>
        <source>from dashboard.exa.ai/api-keys</source>
        <translation>来自 dashboard.exa.ai/api-keys</translation>
    </message>
    <message>
        <source>e.g. work; shown instead of the key</source>
        <translation>例如 work；显示时代替密钥</translation>
    </message>
    <message>
        <source>optional, comma-separated</source>
        <translation>可选，以逗号分隔</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标记：</translation>
    </message>
    <message>
        <source>This key is already in the pool, as &quot;%1&quot;.</source>
        <translation>此密钥已在密钥池中，名为“%1”。</translation>
    </message>
    <message>
        <source>%1.</source>
        <comment>a reason made a sentence of its own</comment>
        <translation>%1。</translation>
    </message>
</context>
<context>
    <name>exadesk::AlertMonitor</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>A key was refused by Exa</source>
        <translation>有密钥被 Exa 拒绝</translation>
    </message>
    <message>
        <source>A key ran out of credit</source>
        <translation>有密钥额度用尽</translation>
    </message>
    <message>
        <source>Every key is resting</source>
        <translation>所有密钥都在休息</translation>
    </message>
    <message>
        <source>A proxy is down</source>
        <translation>有代理不可用</translation>
    </message>
    <message>
        <source>Many calls are failing</source>
        <translation>大量调用失败</translation>
    </message>
    <message numerus="yes">
        <source>%1 of the %n calls in the last %2 minutes failed (the alert is set at %3 %).</source>
        <translation>
            <numerusform>最近 %2 分钟的 %n 次调用中有 %1 次失败（提醒阈值为 %3 %）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exa refused the key %1%2. Calls go to the other keys; it is checked again now and then.</source>
        <translation>Exa 拒绝了密钥 %1%2。调用改由其他密钥承担；它会不时被重新检查。</translation>
    </message>
    <message>
        <source>The key %1 is out of credit%2. Calls go to the other keys until it has credit again.</source>
        <translation>密钥 %1 额度用尽%2。在它重新有额度之前，调用改由其他密钥承担。</translation>
    </message>
    <message>
        <source>No key can take a call now: calls wait for one or fail. The Keys page says when each is back.</source>
        <translation>现在没有密钥可以承接调用：调用会等待或失败。“密钥”页显示每个密钥何时恢复。</translation>
    </message>
    <message>
        <source>The proxy %1 is parked%2. Its keys leave through the other ways out until it works again.</source>
        <translation>代理 %1 已暂停%2。在它恢复之前，它的密钥改走其他出口。</translation>
    </message>
    <message numerus="yes">
        <source>Exa refused %n more key(s) in the last minute: %1.</source>
        <translation>
            <numerusform>最近一分钟内 Exa 又拒绝了 %n 个密钥：%1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more key(s) ran out of credit in the last minute: %1.</source>
        <translation>
            <numerusform>最近一分钟内又有 %n 个密钥额度用尽：%1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more proxy(s) went down in the last minute: %1.</source>
        <translation>
            <numerusform>最近一分钟内又有 %n 个代理不可用：%1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every key was resting again, %n time(s) in the last minute.</source>
        <translation>
            <numerusform>最近一分钟内所有密钥又休息了 %n 次。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The share of failed calls crossed the alert again, %n time(s) in the last minute.</source>
        <translation>
            <numerusform>最近一分钟内失败调用比例又 %n 次超过提醒阈值。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::AlertNotifier</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>exadesk::Engine</name>
    <message>
        <source>The keys&apos; state is not being saved: %1</source>
        <translation>密钥状态未能保存：%1</translation>
    </message>
    <message>
        <source>Calls are not being written to the request log: %1</source>
        <translation>调用未能写入请求日志：%1</translation>
    </message>
    <message>
        <source>The settings were not saved: %1</source>
        <translation>设置未保存：%1</translation>
    </message>
    <message>
        <source>The keys file %1 holds no usable key.</source>
        <translation>密钥文件 %1 中没有可用的密钥。</translation>
    </message>
    <message>
        <source>A research task&apos;s key was not saved: %1</source>
        <translation>未能保存研究任务所用的密钥：%1</translation>
    </message>
</context>
<context>
    <name>exadesk::Gateway</name>
    <message numerus="yes">
        <source>ExaDesk is busy: %n calls are already waiting. Try again in a moment.</source>
        <translation>
            <numerusform>ExaDesk 正忙：已有 %n 个调用在等待。请稍后再试。</numerusform>
        </translation>
    </message>
    <message>
        <source>The key that started this research task (%1) cannot be used now: it is %2.</source>
        <translation>创建此研究任务的密钥（%1）现在无法使用：它%2。</translation>
    </message>
    <message>
        <source>No key can take the call: %1.</source>
        <translation>没有可以承接此调用的密钥：%1。</translation>
    </message>
    <message>
        <source>No proxy can take the call: %1.</source>
        <translation>没有可以承接此调用的代理：%1。</translation>
    </message>
    <message>
        <source>The answer stopped arriving for %1 s; the call was abandoned.</source>
        <translation>回答已中断 %1 秒；已放弃此调用。</translation>
    </message>
    <message>
        <source>Exa did not answer within %1 s.</source>
        <translation>Exa 未在 %1 秒内回答。</translation>
    </message>
    <message>
        <source>The call was cancelled.</source>
        <translation>调用已取消。</translation>
    </message>
    <message>
        <source>The call waited too long for a free key and was given up.</source>
        <translation>调用等待空闲密钥的时间过长，已放弃。</translation>
    </message>
    <message>
        <source>The key %1 cannot be used now: it is %2.</source>
        <translation>密钥 %1 现在无法使用：它%2。</translation>
    </message>
</context>
<context>
    <name>exadesk::HttpConnection</name>
    <message>
        <source>The request&apos;s headers are larger than the %1 bytes allowed.</source>
        <translation>请求头超过了允许的 %1 字节。</translation>
    </message>
    <message>
        <source>The request body has %1 bytes; the local port takes at most %2.</source>
        <translation>请求体有 %1 字节；本地端口最多接受 %2 字节。</translation>
    </message>
    <message>
        <source>The request line is not &apos;METHOD /path HTTP/1.1&apos;.</source>
        <translation>请求行不是“METHOD /path HTTP/1.1”格式。</translation>
    </message>
    <message>
        <source>Only HTTP/1.1 and HTTP/1.0 are spoken here.</source>
        <translation>此处仅支持 HTTP/1.1 和 HTTP/1.0。</translation>
    </message>
    <message>
        <source>ExaDesk serves Exa&apos;s API only; it is not a proxy for CONNECT tunnels.</source>
        <translation>ExaDesk 仅提供 Exa 的 API；它不是 CONNECT 隧道代理。</translation>
    </message>
    <message>
        <source>ExaDesk serves Exa&apos;s API at its own address only; a request for another address (absolute form) is refused.</source>
        <translation>ExaDesk 仅在自身地址上提供 Exa 的 API；针对其他地址的请求（绝对形式）将被拒绝。</translation>
    </message>
    <message>
        <source>The request target holds characters that must be percent-encoded.</source>
        <translation>请求目标包含必须进行百分号编码的字符。</translation>
    </message>
    <message>
        <source>Folded header lines are not accepted.</source>
        <translation>不接受折叠的请求头行。</translation>
    </message>
    <message>
        <source>A header line is not &apos;Name: value&apos;.</source>
        <translation>某个请求头行不是“Name: value”格式。</translation>
    </message>
    <message>
        <source>A header value holds a control character.</source>
        <translation>某个请求头的值包含控制字符。</translation>
    </message>
    <message>
        <source>The request has more than the %1 headers allowed.</source>
        <translation>请求头数量超过了允许的 %1 个。</translation>
    </message>
    <message>
        <source>The Content-Length header is not one whole number.</source>
        <translation>Content-Length 头不是单个整数。</translation>
    </message>
    <message>
        <source>A request may not have both Content-Length and Transfer-Encoding.</source>
        <translation>请求不能同时包含 Content-Length 和 Transfer-Encoding。</translation>
    </message>
    <message>
        <source>Send the request body with a Content-Length header, not in chunks.</source>
        <translation>请使用 Content-Length 头发送请求体，而不是分块发送。</translation>
    </message>
    <message>
        <source>The request did not arrive within %1 seconds.</source>
        <translation>请求未在 %1 秒内到达。</translation>
    </message>
    <message>
        <source>The request&apos;s lines must end with CR LF, not a bare LF.</source>
        <translation>请求的每一行必须以 CR LF 结尾，而不是单独的 LF。</translation>
    </message>
    <message>
        <source>The request line is longer than the %1 bytes allowed.</source>
        <translation>请求行超过了允许的 %1 字节。</translation>
    </message>
</context>
<context>
    <name>exadesk::KeyImportDialog</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Import Keys</source>
        <translation>导入密钥</translation>
    </message>
    <message>
        <source>Paste keys here: one per line, or label,key. Lines starting with # are ignored.</source>
        <translation>在此粘贴密钥：每行一个，或写成“标签,密钥”。以 # 开头的行会被忽略。</translation>
    </message>
    <message>
        <source>Keys to import</source>
        <translation>要导入的密钥</translation>
    </message>
    <message>
        <source>optional, comma-separated</source>
        <translation>可选，以逗号分隔</translation>
    </message>
    <message>
        <source>Tags for the imported keys</source>
        <translation>导入密钥的标记</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>The report of each line appears here.</source>
        <translation>每一行的导入结果会显示在这里。</translation>
    </message>
    <message>
        <source>Open File...</source>
        <translation>打开文件...</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标记：</translation>
    </message>
    <message>
        <source>Import Keys From a File</source>
        <translation>从文件导入密钥</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is too large to be a list of keys.</source>
        <translation>%1 太大，不像是密钥列表。</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n key(s)...</source>
        <translation>
            <numerusform>正在导入 %n 个密钥...</numerusform>
        </translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>; stopped before the rest</source>
        <translation>；已停止，其余行未处理</translation>
    </message>
</context>
<context>
    <name>exadesk::KeyPool</name>
    <message>
        <source>disabled by you</source>
        <translation>已被你停用</translation>
    </message>
    <message numerus="yes">
        <source>daily cap of %n requests reached</source>
        <translation>
            <numerusform>已达到每日 %n 次请求的上限</numerusform>
        </translation>
    </message>
    <message>
        <source>daily cap of $%1 reached</source>
        <translation>已达到每日 $%1 的上限</translation>
    </message>
    <message>
        <source>no API keys have been added yet</source>
        <translation>尚未添加任何 API 密钥</translation>
    </message>
    <message>
        <source>waiting for the keys&apos; rate limits</source>
        <translation>正在等待密钥的速率限制</translation>
    </message>
    <message>
        <source>waiting for a key being tested</source>
        <translation>正在等待一个测试中的密钥</translation>
    </message>
    <message>
        <source>every usable key was tried</source>
        <translation>所有可用的密钥都已试过</translation>
    </message>
    <message numerus="yes">
        <source>all %n keys are invalid</source>
        <translation>
            <numerusform>全部 %n 个密钥都无效</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>all %n keys are out of credits</source>
        <translation>
            <numerusform>全部 %n 个密钥的额度都已用完</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>all %n keys are disabled</source>
        <translation>
            <numerusform>全部 %n 个密钥都已停用</numerusform>
        </translation>
    </message>
    <message>
        <source>all keys are cooling down until %1</source>
        <translation>所有密钥都在冷却，直到 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n invalid</source>
        <translation>
            <numerusform>%n 个无效</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n out of credits</source>
        <translation>
            <numerusform>%n 个额度用完</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n disabled</source>
        <translation>
            <numerusform>%n 个已停用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cooling down until %1</source>
        <translation>
            <numerusform>%n 个冷却至 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>no key can be used now (%1)</source>
        <translation>现在没有可用的密钥（%1）</translation>
    </message>
    <message>
        <source>rate limited by Exa</source>
        <translation>被 Exa 限速</translation>
    </message>
    <message numerus="yes">
        <source>%n failures in a row; last: %1</source>
        <translation>
            <numerusform>连续失败 %n 次；最近一次：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>active</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>cooling down until %1 (%2)</source>
        <translation>冷却至 %1（%2）</translation>
    </message>
    <message>
        <source>resting until %1 (%2)</source>
        <translation>暂停至 %1（%2）</translation>
    </message>
    <message>
        <source>being tested (%1)</source>
        <translation>测试中（%1）</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>out of credits</source>
        <translation>额度用完</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (%2); checked again at %3</source>
        <translation>%1（%2）；将于 %3 再次检查</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message numerus="yes">
        <source>%n failures in a row</source>
        <translation>
            <numerusform>连续失败 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>every key is rate limited by Exa until at least %1</source>
        <translation>所有密钥都被 Exa 限速，至少到 %1</translation>
    </message>
</context>
<context>
    <name>exadesk::KeyRechecks</name>
    <message>
        <source>Exa did not answer the re-check in time.</source>
        <translation>Exa 未及时回答复查请求。</translation>
    </message>
    <message>
        <source>No way out can take the re-check now.</source>
        <translation>现在没有出口可以发送复查请求。</translation>
    </message>
</context>
<context>
    <name>exadesk::KeyTableModel</name>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>429s</source>
        <translation>限流次数</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Cost today</source>
        <translation>今日费用</translation>
    </message>
    <message>
        <source>Cost total</source>
        <translation>总费用</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>上次错误</translation>
    </message>
    <message>
        <source>Failures in a row; the key rests after three</source>
        <translation>连续失败次数；连续失败三次后密钥暂停</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Median time Exa took to answer, over the key&apos;s last %1 answers</source>
        <translation>Exa 作答时间的中位数（该密钥最近 %1 次作答）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>next call tries it</source>
        <translation>下次调用时尝试</translation>
    </message>
</context>
<context>
    <name>exadesk::KeyTasks</name>
    <message>
        <source>there is no key %1</source>
        <translation>没有密钥 %1</translation>
    </message>
    <message>
        <source>The change was made but not saved: %1</source>
        <translation>更改已生效，但未能保存：%1</translation>
    </message>
    <message>
        <source>works</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>works (rate limited right now)</source>
        <translation>正常（当前被限速）</translation>
    </message>
    <message>
        <source>not tested: ExaDesk does not have its secret</source>
        <translation>未测试：ExaDesk 没有它的密钥内容</translation>
    </message>
    <message>
        <source>not tested: it is %1</source>
        <translation>未测试：它处于%1状态</translation>
    </message>
</context>
<context>
    <name>exadesk::KeychainMigration</name>
    <message>
        <source>The secrets could not be moved out of the keychain, which keeps them: %1</source>
        <translation>无法将机密从钥匙串迁出，它们仍保存在钥匙串中：%1</translation>
    </message>
    <message>
        <source>The sealed secrets did not read back as written; the keychain keeps them. %1</source>
        <translation>加密后的机密读回时与写入的不一致；钥匙串仍保留它们。%1</translation>
    </message>
</context>
<context>
    <name>exadesk::KeysPage</name>
    <message>
        <source>Add Key...</source>
        <translation>添加密钥...</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>导入...</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Tags...</source>
        <translation>标记...</translation>
    </message>
    <message>
        <source>Remove...</source>
        <translation>移除...</translation>
    </message>
    <message>
        <source>Copy Key</source>
        <translation>复制密钥</translation>
    </message>
    <message>
        <source>Copy the selected key itself to the clipboard; it is cleared after 30 seconds</source>
        <translation>将所选密钥本身复制到剪贴板；30 秒后清除</translation>
    </message>
    <message>
        <source>Filter by label, key, tag, proxy or error</source>
        <translation>按标签、密钥、标记、代理或错误筛选</translation>
    </message>
    <message>
        <source>Filter keys</source>
        <translation>筛选密钥</translation>
    </message>
    <message>
        <source>Show keys in this state</source>
        <translation>显示处于此状态的密钥</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No API keys yet&lt;/h3&gt;&lt;p&gt;ExaDesk searches Exa with your own keys, spreads calls over them and sets aside keys that fail. Get a key at &lt;a href=&quot;https://dashboard.exa.ai/api-keys&quot;&gt;dashboard.exa.ai&lt;/a&gt;, then add it here, or import many at once.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;还没有 API 密钥&lt;/h3&gt;&lt;p&gt;ExaDesk 使用你自己的密钥搜索 Exa，将调用分摊到各个密钥上，并把失败的密钥暂时搁置。请在 &lt;a href=&quot;https://dashboard.exa.ai/api-keys&quot;&gt;dashboard.exa.ai&lt;/a&gt; 获取密钥，然后在此添加，或一次导入多个。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Add a Key...</source>
        <translation>添加密钥...</translation>
    </message>
    <message>
        <source>Import Keys...</source>
        <translation>导入密钥...</translation>
    </message>
    <message>
        <source>Remove Keys</source>
        <translation>移除密钥</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Tags, separated by commas:</source>
        <translation>标记（以逗号分隔）：</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) added.</source>
        <translation>
            <numerusform>已添加 %n 个密钥。</numerusform>
        </translation>
    </message>
    <message>
        <source>The key was not added: %1</source>
        <translation>未添加密钥：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) removed.</source>
        <translation>
            <numerusform>已移除 %n 个密钥。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Key copied. The clipboard is cleared in %n second(s) if it still holds it.</source>
        <translation>
            <numerusform>已复制密钥。如果剪贴板中仍是该密钥，将在 %n 秒后清除。</numerusform>
        </translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Check the selected keys now with a one-result search each (billed by Exa)</source>
        <translation>现在用一次单结果搜索检查每个所选密钥（由 Exa 计费）</translation>
    </message>
    <message numerus="yes">
        <source>Testing %n key(s); their rows show the verdict.</source>
        <translation>
            <numerusform>正在测试 %n 个密钥；其所在行会显示结果。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) resting or disabled were not tested.</source>
        <translation>
            <numerusform>%n 个休息中或已停用的密钥未被测试。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) removed. %1</source>
        <translation>
            <numerusform>已移除 %n 个密钥。%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the key %1? Its secret is deleted with it.</source>
        <translation>删除密钥 %1？其机密将一并删除。</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n keys? Their secrets are deleted with them.</source>
        <translation>
            <numerusform>删除 %n 个密钥？其机密将一并删除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Test %n key(s)? Each test is a one-result search, which Exa bills: about %1 in all.</source>
        <translation>
            <numerusform>测试 %n 个密钥？每次测试是一次单结果搜索，Exa 会计费：总计约 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Test Keys</source>
        <translation>测试密钥</translation>
    </message>
    <message>
        <source>Testing keys: %1 of %2 done...</source>
        <translation>正在测试密钥：已完成 %1 / %2…</translation>
    </message>
    <message numerus="yes">
        <source>Tested %n key(s): %1 work, %2 refused.</source>
        <translation>
            <numerusform>已测试 %n 个密钥：%1 个可用，%2 个被拒绝。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>No key matches these filters.</source>
        <translation>没有密钥符合这些筛选条件。</translation>
    </message>
    <message>
        <source>Show All Keys</source>
        <translation>显示全部密钥</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n 个密钥</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 个%2</translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>显示 %1 个</translation>
    </message>
    <message>
        <source>Add one key by hand</source>
        <translation>手动添加一个密钥</translation>
    </message>
    <message>
        <source>Add many keys from a file or pasted text, one a line</source>
        <translation>从文件或粘贴的文本添加多个密钥，每行一个</translation>
    </message>
    <message>
        <source>Let the selected keys take calls again</source>
        <translation>让所选密钥重新承接调用</translation>
    </message>
    <message>
        <source>Keep the selected keys out of rotation until enabled</source>
        <translation>在重新启用前，让所选密钥不参与轮换</translation>
    </message>
    <message>
        <source>Change the tags of the selected keys</source>
        <translation>更改所选密钥的标签</translation>
    </message>
    <message>
        <source>Remove the selected keys from the pool and the keychain</source>
        <translation>从密钥池和钥匙串中移除所选密钥</translation>
    </message>
</context>
<context>
    <name>exadesk::LocalPortService</name>
    <message>
        <source>The local port was not started: its access token is kept in the system keychain, which failed: %1</source>
        <translation>本地端口未启动：其访问令牌保存在系统钥匙串中，但钥匙串操作失败：%1</translation>
    </message>
    <message>
        <source>The local port was not started: %1</source>
        <translation>本地端口未启动：%1</translation>
    </message>
    <message>
        <source>No new access token was made: the system keychain failed: %1</source>
        <translation>未生成新的访问令牌：系统钥匙串操作失败：%1</translation>
    </message>
</context>
<context>
    <name>exadesk::LocalServer</name>
    <message>
        <source>The local port is already running.</source>
        <translation>本地端口已在运行。</translation>
    </message>
    <message>
        <source>The local port needs an access token of at least 16 characters.</source>
        <translation>本地端口需要至少 16 个字符的访问令牌。</translation>
    </message>
    <message>
        <source>No address to listen on was given.</source>
        <translation>未指定要监听的地址。</translation>
    </message>
    <message>
        <source>IPv6 is not available here, so the port listens on IPv4 only.</source>
        <translation>此处不支持 IPv6，因此端口仅在 IPv4 上监听。</translation>
    </message>
    <message>
        <source>Port %1 on %2 is already in use by another program; choose another port.</source>
        <translation>%2 上的端口 %1 已被其他程序占用；请选择其他端口。</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3.</source>
        <translation>无法在 %1 的端口 %2 上监听：%3。</translation>
    </message>
    <message>
        <source>The port listens on %1, which other computers may reach; they still need the access token.</source>
        <translation>端口正在 %1 上监听，其他计算机可能可以访问；但它们仍需要访问令牌。</translation>
    </message>
    <message>
        <source>The local port has %1 connections open, its limit; try again shortly.</source>
        <translation>本地端口已打开 %1 个连接，达到上限；请稍后重试。</translation>
    </message>
    <message>
        <source>ExaDesk&apos;s local port is shutting down.</source>
        <translation>ExaDesk 的本地端口正在关闭。</translation>
    </message>
    <message>
        <source>%1 does not take %2 requests.</source>
        <translation>%1 不接受 %2 请求。</translation>
    </message>
    <message>
        <source>The request body is empty; %1 takes a JSON object.</source>
        <translation>请求体为空；%1 需要一个 JSON 对象。</translation>
    </message>
    <message>
        <source>The request body is not valid JSON: %1 at byte %2.</source>
        <translation>请求体不是有效的 JSON：%1，位于第 %2 字节。</translation>
    </message>
    <message>
        <source>The request body must be a JSON object ({...}).</source>
        <translation>请求体必须是 JSON 对象（{...}）。</translation>
    </message>
    <message>
        <source>The local port stopped before Exa answered.</source>
        <translation>本地端口在 Exa 作答前已停止。</translation>
    </message>
    <message>
        <source>The client left before Exa answered.</source>
        <translation>客户端在 Exa 作答前已离开。</translation>
    </message>
    <message>
        <source>The request body is not valid JSON: a control character inside a string at byte %1 (write it escaped, as \n or \u0001).</source>
        <translation>请求体不是有效的 JSON：第 %1 字节处的字符串中含有控制字符（请转义书写，如 \n 或 \u0001）。</translation>
    </message>
    <message>
        <source>ExaDesk serves Exa&apos;s routes: /search, /findSimilar, /contents, /answer and /research/v1, and MCP at /mcp; %1 is not one of them.</source>
        <translation>ExaDesk 提供 Exa 的路由：/search、/findSimilar、/contents、/answer 和 /research/v1，以及位于 /mcp 的 MCP；%1 不在其中。</translation>
    </message>
    <message>
        <source>Bad request: DELETE /mcp needs the Mcp-Session-Id of the session to end.</source>
        <translation>错误请求：DELETE /mcp 需要要结束的会话的 Mcp-Session-Id。</translation>
    </message>
    <message>
        <source>Session not found: it ended or never existed; start a new one with initialize.</source>
        <translation>找不到会话：它已结束或从未存在；请用 initialize 开始新会话。</translation>
    </message>
    <message>
        <source>Method not allowed: /mcp takes POST (messages) and DELETE (ending a session); this server opens no stream of its own.</source>
        <translation>不允许的方法：/mcp 接受 POST（消息）和 DELETE（结束会话）；此服务器不主动打开事件流。</translation>
    </message>
    <message>
        <source>Bad request: MCP-Protocol-Version %1 is not supported; this server speaks %2.</source>
        <translation>错误请求：不支持 MCP-Protocol-Version %1；此服务器支持 %2。</translation>
    </message>
    <message>
        <source>Not acceptable: the client must accept application/json or text/event-stream.</source>
        <translation>无法接受：客户端必须接受 application/json 或 text/event-stream。</translation>
    </message>
    <message>
        <source>Bad request: none of the tools asked for (%1) is offered; the tools are %2.</source>
        <translation>错误请求：所请求的工具（%1）都不提供；可用工具为 %2。</translation>
    </message>
    <message>
        <source>Too many MCP sessions are busy; try again shortly.</source>
        <translation>忙碌的 MCP 会话过多；请稍后重试。</translation>
    </message>
    <message>
        <source>Bad request: no Mcp-Session-Id header; send initialize first and then the session id it returns with every message.</source>
        <translation>错误请求：缺少 Mcp-Session-Id 头；请先发送 initialize，然后在每条消息中带上它返回的会话 ID。</translation>
    </message>
</context>
<context>
    <name>exadesk::MainWindow</name>
    <message>
        <source>ExaDesk</source>
        <translation>ExaDesk</translation>
    </message>
    <message>
        <source>&amp;Local Port</source>
        <translation>本地端口(&amp;L)</translation>
    </message>
    <message>
        <source>Copy Endpoint URL</source>
        <translation>复制端点 URL</translation>
    </message>
    <message>
        <source>Copy Access Token</source>
        <translation>复制访问令牌</translation>
    </message>
    <message>
        <source>Regenerate Access Token...</source>
        <translation>重新生成访问令牌...</translation>
    </message>
    <message>
        <source>Endpoint URL copied.</source>
        <translation>已复制端点 URL。</translation>
    </message>
    <message>
        <source>Access token copied; clients send it as x-api-key.</source>
        <translation>已复制访问令牌；客户端将其作为 x-api-key 发送。</translation>
    </message>
    <message>
        <source>Regenerate Access Token</source>
        <translation>重新生成访问令牌</translation>
    </message>
    <message>
        <source>Clients that use the current token will be refused until they get the new one. Make a new token?</source>
        <translation>使用当前令牌的客户端在获得新令牌之前将被拒绝。要生成新令牌吗？</translation>
    </message>
    <message>
        <source>The access token is ready to copy.</source>
        <translation>访问令牌已可复制。</translation>
    </message>
    <message>
        <source>Stop Local Port</source>
        <translation>停止本地端口</translation>
    </message>
    <message>
        <source>Start Local Port</source>
        <translation>启动本地端口</translation>
    </message>
    <message numerus="yes">
        <source>Local port: %1 (%n request(s))</source>
        <translation>
            <numerusform>本地端口：%1（%n 个请求）</numerusform>
        </translation>
    </message>
    <message>
        <source>Local port: off</source>
        <translation>本地端口：已关闭</translation>
    </message>
    <message>
        <source>No system tray here: closing the window quits ExaDesk, and the local port with it.</source>
        <translation>此处没有系统托盘：关闭窗口将退出 ExaDesk，本地端口也会随之关闭。</translation>
    </message>
    <message>
        <source>About ExaDesk</source>
        <translation>关于 ExaDesk</translation>
    </message>
    <message>
        <source>ExaDesk %1</source>
        <translation>ExaDesk %1</translation>
    </message>
    <message>
        <source>Search the web with Exa using your own API keys, and share them with any Exa client on this computer through a local port, or with AI agents over MCP.</source>
        <translation>使用你自己的 API 密钥通过 Exa 搜索网络，并通过本地端口与此计算机上的任何 Exa 客户端共享，或通过 MCP 提供给 AI 智能体。</translation>
    </message>
    <message>
        <source>From a terminal: &lt;code&gt;exadesk search &quot;your question&quot;&lt;/code&gt;; &lt;code&gt;exadesk --help&lt;/code&gt; lists the commands.</source>
        <translation>在终端中：&lt;code&gt;exadesk search &quot;你的问题&quot;&lt;/code&gt;；&lt;code&gt;exadesk --help&lt;/code&gt; 列出所有命令。</translation>
    </message>
    <message>
        <source>Built with Qt %1.</source>
        <translation>基于 Qt %1 构建。</translation>
    </message>
    <message>
        <source>Go to the search box</source>
        <translation>转到搜索框</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Cancel the search</source>
        <translation>取消搜索</translation>
    </message>
    <message>
        <source>%1 ... %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>Go to a page (View menu)</source>
        <translation>转到某个页面（“视图”菜单）</translation>
    </message>
    <message>
        <source>Import keys</source>
        <translation>导入密钥</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>此列表</translation>
    </message>
    <message>
        <source>Quit ExaDesk (the local port too)</source>
        <translation>退出 ExaDesk（本地端口一并关闭）</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import Keys...</source>
        <translation>导入密钥(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About ExaDesk</source>
        <translation>关于 ExaDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Export the pool</source>
        <translation>导出密钥池</translation>
    </message>
    <message>
        <source>&amp;Export...</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>ExaDesk Documentation</source>
        <translation>ExaDesk 文档</translation>
    </message>
    <message>
        <source>The documentation is missing from this build.</source>
        <translation>此版本缺少文档。</translation>
    </message>
    <message>
        <source>&amp;Documentation</source>
        <translation>文档(&amp;D)</translation>
    </message>
</context>
<context>
    <name>exadesk::McpSession</name>
    <message>
        <source>The session ended before the call did.</source>
        <translation>会话在调用完成前已结束。</translation>
    </message>
    <message>
        <source>Parse error: the message is not valid JSON (%1 at byte %2).</source>
        <translation>解析错误：消息不是有效的 JSON（%1，位于第 %2 字节）。</translation>
    </message>
    <message>
        <source>Invalid request: an empty batch.</source>
        <translation>无效请求：空的批量请求。</translation>
    </message>
    <message>
        <source>Invalid request: batches are not part of MCP %1; send one message at a time.</source>
        <translation>无效请求：MCP %1 不支持批量请求；请一次发送一条消息。</translation>
    </message>
    <message>
        <source>before initialize</source>
        <translation>initialize 之前</translation>
    </message>
    <message>
        <source>Invalid request: a JSON-RPC 2.0 message is an object with &quot;jsonrpc&quot;: &quot;2.0&quot;.</source>
        <translation>无效请求：JSON-RPC 2.0 消息是带有 &quot;jsonrpc&quot;: &quot;2.0&quot; 的对象。</translation>
    </message>
    <message>
        <source>Invalid request: the message has no &quot;method&quot;.</source>
        <translation>无效请求：消息没有 &quot;method&quot;。</translation>
    </message>
    <message>
        <source>Invalid request: &quot;method&quot; must be a string.</source>
        <translation>无效请求：&quot;method&quot; 必须是字符串。</translation>
    </message>
    <message>
        <source>Invalid request: &quot;id&quot; must be a string or an integer.</source>
        <translation>无效请求：&quot;id&quot; 必须是字符串或整数。</translation>
    </message>
    <message>
        <source>Invalid params: &quot;params&quot; must be an object.</source>
        <translation>无效参数：&quot;params&quot; 必须是对象。</translation>
    </message>
    <message>
        <source>Invalid request: the id %1 belongs to a request still running.</source>
        <translation>无效请求：ID %1 属于仍在进行的请求。</translation>
    </message>
    <message>
        <source>Invalid request: initialize cannot be part of a batch.</source>
        <translation>无效请求：initialize 不能放在批量请求中。</translation>
    </message>
    <message>
        <source>Method not found: %1</source>
        <translation>找不到方法：%1</translation>
    </message>
    <message>
        <source>Invalid request: the session is already initialized.</source>
        <translation>无效请求：会话已初始化。</translation>
    </message>
    <message>
        <source>Invalid params: initialize needs a &quot;protocolVersion&quot;.</source>
        <translation>无效参数：initialize 需要 &quot;protocolVersion&quot;。</translation>
    </message>
    <message>
        <source>Unknown tool: &apos;%1&apos;. This server offers: %2.</source>
        <translation>未知工具：“%1”。此服务器提供：%2。</translation>
    </message>
    <message>
        <source>Invalid params: &quot;arguments&quot; must be an object.</source>
        <translation>无效参数：&quot;arguments&quot; 必须是对象。</translation>
    </message>
</context>
<context>
    <name>exadesk::McpToolCall</name>
    <message>
        <source>Attempt %1 failed (%2); trying again.</source>
        <translation>第 %1 次尝试失败（%2）；正在重试。</translation>
    </message>
    <message>
        <source>The MCP client cancelled the call.</source>
        <translation>MCP 客户端取消了调用。</translation>
    </message>
    <message>
        <source>Exa did not return a research ID; start the task again.</source>
        <translation>Exa 没有返回研究 ID；请重新开始任务。</translation>
    </message>
    <message>
        <source>Invalid arguments for %1: &apos;urls&apos; must name at least one page.</source>
        <translation>%1 的参数无效：“urls”必须至少包含一个网页。</translation>
    </message>
    <message>
        <source>Invalid arguments for %1: &apos;%2&apos; is not a research ID; use the researchId that deep_researcher_start returned.</source>
        <translation>%1 的参数无效：“%2”不是研究 ID；请使用 deep_researcher_start 返回的 researchId。</translation>
    </message>
    <message>
        <source>Unknown tool: %1</source>
        <translation>未知工具：%1</translation>
    </message>
</context>
<context>
    <name>exadesk::OverviewPage</name>
    <message>
        <source>served</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>重试后完成</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>answered at the first attempt</source>
        <translation>第一次尝试即得到回答</translation>
    </message>
    <message>
        <source>answered after another attempt failed</source>
        <translation>在另一次尝试失败后得到回答</translation>
    </message>
    <message>
        <source>Exa turned the request itself down, or its caller went away</source>
        <translation>Exa 拒绝了请求本身，或调用方已离开</translation>
    </message>
    <message>
        <source>no answer: Exa failed, no key or proxy could carry it, or time ran out</source>
        <translation>没有回答：Exa 出错、没有密钥或代理可用，或超时</translation>
    </message>
    <message>
        <source>-%1 min</source>
        <translation>-%1 分钟</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Calls today</source>
        <translation>今日调用</translation>
    </message>
    <message>
        <source>Cost today</source>
        <translation>今日费用</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Calls a minute, last hour</source>
        <translation>每分钟调用数（最近一小时）</translation>
    </message>
    <message>
        <source>Keys by state</source>
        <translation>各状态的密钥</translation>
    </message>
    <message>
        <source>Latency, last hour</source>
        <translation>延迟（最近一小时）</translation>
    </message>
    <message>
        <source>Busiest keys today</source>
        <translation>今日最繁忙的密钥</translation>
    </message>
    <message>
        <source>Failing keys</source>
        <translation>出问题的密钥</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Half of the calls answered in each minute took at most the p50 line, 95 in 100 at most the p95 line.</source>
        <translation>每分钟得到回答的调用中，一半不超过 p50 线，百分之九十五不超过 p95 线。</translation>
    </message>
    <message>
        <source>Calls, last hour</source>
        <translation>调用（最近一小时）</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>%1 failed · %2 retried</source>
        <translation>%1 失败 · %2 次重试</translation>
    </message>
    <message>
        <source>p50 · p95 %1</source>
        <translation>p50 · p95 %1</translation>
    </message>
    <message>
        <source>p50 · p95</source>
        <translation>p50 · p95</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>none added yet</source>
        <translation>尚未添加</translation>
    </message>
    <message>
        <source>%1 active · %2 failing</source>
        <translation>%1 个可用 · %2 个出问题</translation>
    </message>
    <message>
        <source>no daily caps set</source>
        <translation>未设每日上限</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2, the daily caps of %n key(s)</source>
        <translation>
            <numerusform>%1 / %2（%n 个密钥的每日上限）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more on the Keys page</source>
        <translation>
            <numerusform>另有 %n 个见“密钥”页</numerusform>
        </translation>
    </message>
    <message>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <source>not here</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>the window runs without one</source>
        <translation>窗口未带本地端口运行</translation>
    </message>
    <message numerus="yes">
        <source>on · %n request(s) served</source>
        <translation>
            <numerusform>已开启 · 已处理 %n 个请求</numerusform>
        </translation>
    </message>
    <message>
        <source>off</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>starting...</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>start it from the Local Port menu</source>
        <translation>可从“本地端口”菜单启动</translation>
    </message>
</context>
<context>
    <name>exadesk::PoolExporter</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the keys&apos; labels and statistics, the proxies and the settings as JSON. Should the file also hold the keys and proxy passwords themselves?</source>
        <translation>将密钥的标签和统计、代理及设置导出为 JSON。文件中是否也包含密钥本身和代理密码？</translation>
    </message>
    <message>
        <source>With them, the file is a full backup that Import Keys reads back; keep it safe and delete it when done.</source>
        <translation>包含时，该文件是可由“导入密钥”读回的完整备份；请妥善保管，用完后删除。</translation>
    </message>
    <message>
        <source>Export Without Secrets</source>
        <translation>导出（不含密钥）</translation>
    </message>
    <message>
        <source>Export With Secrets</source>
        <translation>导出（含密钥）</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Nothing was exported: %1</source>
        <translation>未导出任何内容：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n key(s) and %1 to %2.</source>
        <translation>
            <numerusform>已将 %n 个密钥和 %1导出到 %2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy(s)</source>
        <translation>
            <numerusform>%n 个代理</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::ProxiesPage</name>
    <message>
        <source>Add Proxies...</source>
        <translation>添加代理...</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Remove...</source>
        <translation>移除...</translation>
    </message>
    <message>
        <source>Proxies</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No proxies&lt;/h3&gt;&lt;p&gt;Keys go out directly from this computer. Add HTTP or SOCKS5 proxies and each key keeps to one of them, so Exa sees each key come from one place; a proxy that fails is set aside.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;没有代理&lt;/h3&gt;&lt;p&gt;密钥直接从这台计算机发出。添加 HTTP 或 SOCKS5 代理后，每个密钥固定使用其中一个，这样 Exa 看到的每个密钥都来自同一个地方；出错的代理会被暂时搁置。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Remove Proxies</source>
        <translation>移除代理</translation>
    </message>
    <message>
        <source>Add Proxies</source>
        <translation>添加代理</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>Proxies added.</source>
        <translation>已添加代理。</translation>
    </message>
    <message>
        <source>Not every proxy was added: %1</source>
        <translation>部分代理未添加：%1</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n proxy(ies)? Their keys move to the other proxies.</source>
        <translation>
            <numerusform>要移除 %n 个代理吗？它们的密钥将转到其他代理。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Check that Exa&apos;s address answers through the selected proxies (no key is sent, nothing is billed)</source>
        <translation>检查 Exa 的地址能否经由所选代理作答（不发送密钥，不产生费用）</translation>
    </message>
    <message numerus="yes">
        <source>Testing %n proxy(ies)...</source>
        <translation>
            <numerusform>正在测试 %n 个代理...</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy(ies) work.</source>
        <translation>
            <numerusform>%n 个代理可用。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy(ies) failed: %1</source>
        <translation>
            <numerusform>%n 个代理失败：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>From File...</source>
        <translation>从文件...</translation>
    </message>
    <message>
        <source>Import Proxies</source>
        <translation>导入代理</translation>
    </message>
    <message>
        <source>Text files (*.txt *.list *.conf);;All files (*)</source>
        <translation>文本文件 (*.txt *.list *.conf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB; a proxy list is a few lines.</source>
        <translation>%1 大于 1 MiB；代理列表通常只有几行。</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Passwords are stored sealed, with the key the system keychain keeps; never in clear.</source>
        <translation>密码以加密形式保存，密钥由系统钥匙串保管；绝不明文保存。</translation>
    </message>
    <message>
        <source>One per line: http://host:port, socks5://user:password@host:port</source>
        <translation>每行一个：http://host:port、socks5://user:password@host:port</translation>
    </message>
    <message>
        <source>Correct or remove these lines first:</source>
        <translation>请先更正或移除这些行：</translation>
    </message>
    <message numerus="yes">
        <source>and %n more.</source>
        <translation>
            <numerusform>还有 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Add proxies from a list, one a line</source>
        <translation>从列表添加代理，每行一个</translation>
    </message>
    <message>
        <source>Let keys leave through the selected proxies again</source>
        <translation>让密钥重新经由所选代理出站</translation>
    </message>
    <message>
        <source>Keep keys from leaving through the selected proxies until enabled</source>
        <translation>在重新启用前，密钥不经由所选代理出站</translation>
    </message>
    <message>
        <source>Remove the selected proxies; their keys move to the others</source>
        <translation>移除所选代理；其密钥改用其他代理</translation>
    </message>
</context>
<context>
    <name>exadesk::ProxyPool</name>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>not used: proxies are configured</source>
        <translation>未使用：已配置代理</translation>
    </message>
    <message>
        <source>active</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>parked until %1</source>
        <translation>暂停至 %1</translation>
    </message>
    <message>
        <source>being tested</source>
        <translation>测试中</translation>
    </message>
    <message>
        <source>the direct connection is failing; it is tried again at %1</source>
        <translation>直连失败；将于 %1 重试</translation>
    </message>
    <message numerus="yes">
        <source>all %n proxies are disabled</source>
        <translation>
            <numerusform>全部 %n 个代理都已停用</numerusform>
        </translation>
    </message>
    <message>
        <source>every proxy is failing; the first is tried again at %1</source>
        <translation>所有代理都失败；最早的一个将于 %1 重试</translation>
    </message>
    <message>
        <source>every proxy is being tested</source>
        <translation>所有代理都在测试中</translation>
    </message>
    <message numerus="yes">
        <source>%n connections through it failed in a row; last: %1</source>
        <translation>
            <numerusform>经由它的连接连续失败 %n 次；最后一次：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n calls through it failed while calls through other proxies got through</source>
        <translation>
            <numerusform>经由它的 %n 次调用中有 %1 次失败，而经由其他代理的调用都成功了</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::ProxyTableModel</name>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>上次错误</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>限速</translation>
    </message>
    <message>
        <source>At most %1 calls a second as set; slower for a while after Exa&apos;s 429s through it.</source>
        <translation>按设置每秒最多 %1 次调用；经由它收到 Exa 的 429 后会暂时放慢。</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
</context>
<context>
    <name>exadesk::ProxyTasks</name>
    <message>
        <source>there is no proxy %1</source>
        <translation>没有代理 %1</translation>
    </message>
    <message>
        <source>The change was made but not saved: %1</source>
        <translation>更改已生效，但未能保存：%1</translation>
    </message>
    <message>
        <source>removed before its test ended</source>
        <translation>测试结束前已被移除</translation>
    </message>
</context>
<context>
    <name>exadesk::ProxyTests</name>
    <message>
        <source>Exa&apos;s address answered through it in %1 ms.</source>
        <translation>Exa 的地址经由它在 %1 毫秒内作答。</translation>
    </message>
    <message numerus="yes">
        <source>no answer within %n second(s)</source>
        <translation>
            <numerusform>%n 秒内无应答</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>exadesk::RequestLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>MCP</source>
        <translation>MCP</translation>
    </message>
    <message>
        <source>Key check</source>
        <translation>密钥检查</translation>
    </message>
</context>
<context>
    <name>exadesk::SearchOptions</name>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>arxiv.org, github.com</source>
        <translation>arxiv.org, github.com</translation>
    </message>
    <message>
        <source>after</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>before</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>a phrase every result contains</source>
        <translation>每条结果都包含的短语</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>摘录</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>what the summary should answer (optional)</source>
        <translation>摘要应回答的问题（可选）</translation>
    </message>
    <message>
        <source>Exa&apos;s default</source>
        <translation>Exa 默认</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Fetch pages anew when Exa&apos;s copy is older than this (0: always)</source>
        <translation>Exa 缓存的页面超过此时长时重新抓取（0：总是重新抓取）</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Published:</source>
        <translation>发布时间：</translation>
    </message>
    <message>
        <source>Only domains:</source>
        <translation>仅限域名：</translation>
    </message>
    <message>
        <source>Not domains:</source>
        <translation>排除域名：</translation>
    </message>
    <message>
        <source>Must contain:</source>
        <translation>必须包含：</translation>
    </message>
    <message>
        <source>Must not contain:</source>
        <translation>不得包含：</translation>
    </message>
    <message>
        <source>Contents:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>Max age:</source>
        <translation>最长缓存：</translation>
    </message>
    <message>
        <source> results</source>
        <translation> 条结果</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>数量：</translation>
    </message>
</context>
<context>
    <name>exadesk::SearchPane</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Search the web with Exa (Ctrl+K)</source>
        <translation>用 Exa 搜索网络（Ctrl+K）</translation>
    </message>
    <message>
        <source>Search query</source>
        <translation>搜索内容</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Search or ask for an answer</source>
        <translation>搜索或请求回答</translation>
    </message>
    <message>
        <source>Stop this search (Esc)</source>
        <translation>停止此次搜索（Esc）</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Show search options</source>
        <translation>显示搜索选项</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>阅读器</translation>
    </message>
    <message>
        <source>Select a result to read it here.</source>
        <translation>选择一条结果即可在此阅读。</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>搜索历史记录</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Open in Browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>复制 URL</translation>
    </message>
    <message>
        <source>Copy Title</source>
        <translation>复制标题</translation>
    </message>
    <message>
        <source>Copy as Markdown Link</source>
        <translation>复制为 Markdown 链接</translation>
    </message>
    <message>
        <source>Export Results...</source>
        <translation>导出结果...</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>摘录</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Type what to search for first.</source>
        <translation>请先输入要搜索的内容。</translation>
    </message>
    <message>
        <source>Searching...</source>
        <translation>正在搜索...</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n 次尝试</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) from the history; no new call was made</source>
        <translation>
            <numerusform>来自历史记录的 %n 条结果；未发起新的调用</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export Results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>Markdown (*.md);;CSV (*.csv);;JSON (*.json)</source>
        <translation>Markdown (*.md);;CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) exported to %1</source>
        <translation>
            <numerusform>已将 %n 条结果导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Find Similar (billed search)</source>
        <translation>查找相似（计费搜索）</translation>
    </message>
    <message>
        <source>A new search for pages like this one; Exa bills it as a search.</source>
        <translation>搜索与此页面相似的页面；Exa 按一次搜索计费。</translation>
    </message>
    <message>
        <source>Get Contents (billed)</source>
        <translation>获取内容（计费）</translation>
    </message>
    <message>
        <source>Fetches the selected pages&apos; text; Exa bills each page.</source>
        <translation>获取所选页面的正文；Exa 按页面计费。</translation>
    </message>
    <message>
        <source>Remove From History</source>
        <translation>从历史记录中移除</translation>
    </message>
    <message>
        <source>Clear History...</source>
        <translation>清空历史记录…</translation>
    </message>
    <message>
        <source>Clear History</source>
        <translation>清空历史记录</translation>
    </message>
    <message>
        <source>Remove every search and its results from the history? The request log keeps its lines.</source>
        <translation>要从历史记录中移除所有搜索及其结果吗？请求日志会保留其记录。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>The history is cleared.</source>
        <translation>历史记录已清空。</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Search Exa (Enter; Ctrl+Enter from the options)</source>
        <translation>搜索 Exa（回车；在选项中按 Ctrl+回车）</translation>
    </message>
    <message>
        <source>Send the same call again</source>
        <translation>再次发送同一调用</translation>
    </message>
    <message>
        <source>Keys were added: search again.</source>
        <translation>已添加密钥：请再次搜索。</translation>
    </message>
    <message>
        <source>Back to the results for “%1” (%2)</source>
        <translation>返回“%1”的结果（%2）</translation>
    </message>
    <message numerus="yes">
        <source>An answer with %n citation(s)</source>
        <translation>
            <numerusform>带 %n 条引用的回答</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed after %1</source>
        <translation>%1 后失败</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1，用时 %2</translation>
    </message>
    <message>
        <source>via %1</source>
        <translation>经由 %1</translation>
    </message>
</context>
<context>
    <name>exadesk::SettingsPage</name>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Closing the window keeps ExaDesk running in the tray</source>
        <translation>关闭窗口后 ExaDesk 仍在托盘中运行</translation>
    </message>
    <message>
        <source>Retries and time</source>
        <translation>重试与时限</translation>
    </message>
    <message>
        <source>Keys&apos; health</source>
        <translation>密钥健康状况</translation>
    </message>
    <message>
        <source>Pace and concurrency</source>
        <translation>速率与并发</translation>
    </message>
    <message>
        <source>Requests and records</source>
        <translation>请求与记录</translation>
    </message>
    <message>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <source>%1 (default: %2)</source>
        <translation>%1（默认：%2）</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>made when the port first starts</source>
        <translation>端口首次启动时生成</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate...</source>
        <translation>重新生成...</translation>
    </message>
    <message>
        <source>Access token copied; clients send it as x-api-key.</source>
        <translation>已复制访问令牌；客户端将其作为 x-api-key 发送。</translation>
    </message>
    <message>
        <source>Regenerate Access Token</source>
        <translation>重新生成访问令牌</translation>
    </message>
    <message>
        <source>Clients that use the current token will be refused until they get the new one. Make a new token?</source>
        <translation>使用当前令牌的客户端在获得新令牌之前将被拒绝。要生成新令牌吗？</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /秒</translation>
    </message>
    <message>
        <source>Settings applied.</source>
        <translation>设置已应用。</translation>
    </message>
    <message>
        <source>Start ExaDesk when I log in</source>
        <translation>登录时启动 ExaDesk</translation>
    </message>
    <message>
        <source>Starting at login could not be changed in %1.</source>
        <translation>无法在 %1 中更改登录时启动。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Show each result&apos;s site icon</source>
        <translation>显示每个结果的网站图标</translation>
    </message>
    <message>
        <source>Asks each site in the results for its icon, through the proxy of the key that found it. Off: no site learns of your search from ExaDesk.</source>
        <translation>经由找到该结果的密钥所用的代理，向结果中的每个网站请求其图标。关闭时：任何网站都不会从 ExaDesk 得知你的搜索。</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Notify me when:</source>
        <translation>在以下情况通知我：</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>访问令牌：</translation>
    </message>
</context>
<context>
    <name>exadesk::TrayIcon</name>
    <message>
        <source>Copy Endpoint URL</source>
        <translation>复制端点 URL</translation>
    </message>
    <message>
        <source>Open ExaDesk</source>
        <translation>打开 ExaDesk</translation>
    </message>
    <message>
        <source>Quit ExaDesk</source>
        <translation>退出 ExaDesk</translation>
    </message>
    <message>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <source>ExaDesk: the local port is off</source>
        <translation>ExaDesk：本地端口已关闭</translation>
    </message>
    <message numerus="yes">
        <source>ExaDesk: the local port serves %1 (%n request(s) so far)</source>
        <translation>
            <numerusform>ExaDesk：本地端口正在 %1 上提供服务（迄今 %n 个请求）</numerusform>
        </translation>
    </message>
    <message>
        <source>Stop Local Port</source>
        <translation>停止本地端口</translation>
    </message>
    <message>
        <source>Start Local Port</source>
        <translation>启动本地端口</translation>
    </message>
</context>
<context>
    <name>exadesk::Vault</name>
    <message>
        <source>already in the pool</source>
        <translation>已在密钥池中</translation>
    </message>
    <message>
        <source>the same key as line %1</source>
        <translation>与第 %1 行的密钥相同</translation>
    </message>
    <message>
        <source>not added: stopped</source>
        <translation>未添加：已停止</translation>
    </message>
    <message>
        <source>%1 is already there; remove it first to change it</source>
        <translation>%1 已存在；如需修改，请先将其移除</translation>
    </message>
    <message>
        <source>there is no proxy %1</source>
        <translation>没有代理 %1</translation>
    </message>
    <message>
        <source>The secret of key %1 does not open: it was changed outside ExaDesk. The rest of the pool works; remove the key and add it again.</source>
        <translation>密钥 %1 的机密无法打开：它在 ExaDesk 之外被更改过。密钥池的其余部分正常工作；请删除该密钥后重新添加。</translation>
    </message>
    <message>
        <source>The password of proxy %1 does not open; remove the proxy and add it again.</source>
        <translation>代理 %1 的密码无法打开；请删除该代理后重新添加。</translation>
    </message>
</context>
<context>
    <name>exadesk::VaultOpener</name>
    <message>
        <source>The secrets in this data folder are guarded by the system keychain, not by a passphrase. Run without --vault-passphrase-file (and without EXADESK_VAULT_PASSPHRASE_FILE), or set a passphrase first with &apos;exadesk vault passphrase&apos;.</source>
        <translation>此数据文件夹中的机密由系统钥匙串保护，而不是口令。请不带 --vault-passphrase-file（也不设置 EXADESK_VAULT_PASSPHRASE_FILE）运行，或先用“exadesk vault passphrase”设置口令。</translation>
    </message>
    <message>
        <source>The secrets in this data folder are guarded by a passphrase. Give it in a file only you can read: --vault-passphrase-file FILE, or EXADESK_VAULT_PASSPHRASE_FILE=FILE.</source>
        <translation>此数据文件夹中的机密由口令保护。请把口令放在只有你能读取的文件中提供：--vault-passphrase-file 文件，或 EXADESK_VAULT_PASSPHRASE_FILE=文件。</translation>
    </message>
    <message>
        <source>Could not lock memory for the vault key.</source>
        <translation>无法为保险库密钥锁定内存。</translation>
    </message>
    <message>
        <source>Could not derive a key from the passphrase: not enough memory.</source>
        <translation>无法从口令派生密钥：内存不足。</translation>
    </message>
    <message>
        <source>On a computer without a keychain, guard the secrets with a passphrase instead: --vault-passphrase-file FILE, or EXADESK_VAULT_PASSPHRASE_FILE=FILE.</source>
        <translation>在没有钥匙串的计算机上，请改用口令保护机密：--vault-passphrase-file 文件，或 EXADESK_VAULT_PASSPHRASE_FILE=文件。</translation>
    </message>
    <message>
        <source>The keychain holds a different key for this data folder than the one its secrets were sealed with.</source>
        <translation>钥匙串中此数据文件夹的密钥与加密机密时使用的密钥不同。</translation>
    </message>
    <message>
        <source>The keychain has no key for the secrets in this data folder: the folder may come from another computer or user account, or the keychain was reset.</source>
        <translation>钥匙串中没有此数据文件夹机密的密钥：该文件夹可能来自另一台计算机或另一个用户账户，或者钥匙串已被重置。</translation>
    </message>
    <message>
        <source>Give the vault passphrase instead: --vault-passphrase-file FILE, or EXADESK_VAULT_PASSPHRASE_FILE=FILE.</source>
        <translation>请改为提供保险库口令：--vault-passphrase-file 文件，或 EXADESK_VAULT_PASSPHRASE_FILE=文件。</translation>
    </message>
    <message>
        <source>The vault passphrase is wrong: it does not open the secrets in this data folder.</source>
        <translation>保险库口令错误：它无法打开此数据文件夹中的机密。</translation>
    </message>
    <message>
        <source>The vault in this data folder is damaged: its passphrase opens a key that does not fit.</source>
        <translation>此数据文件夹中的保险库已损坏：口令打开的密钥与之不符。</translation>
    </message>
    <message>
        <source>The keys&apos; labels and statistics are all here, but their secrets cannot be opened without that key. Use the keychain they were added with, or start a new vault and bring the secrets back from a backup: &apos;exadesk vault start-over --yes&apos;, then &apos;exadesk keys import BACKUP.json&apos; (made by &apos;exadesk export --with-secrets&apos;), or a file of your keys. The keys keep their labels, tags and statistics.</source>
        <translation>密钥的标签和统计都在，但没有那个密钥就无法打开它们的机密。请使用添加它们时的钥匙串，或新建保险库并从备份恢复机密：“exadesk vault start-over --yes”，然后“exadesk keys import 备份.json”（由“exadesk export --with-secrets”生成），或导入你的密钥文件。密钥会保留其标签、标记和统计。</translation>
    </message>
</context>
</TS>

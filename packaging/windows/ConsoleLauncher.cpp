// exadesk.com: the command line of ExaDesk on Windows. It runs exadesk.exe (a window program,
// which gets no console of its own) beside it with this console's input, output and error, and
// returns its exit code. See Windows.cmake for why there are two.
#include <string>
#include <windows.h>

int wmain()
{
    std::wstring self(MAX_PATH, L'\0');
    for (;;) {
        const DWORD length = GetModuleFileNameW(nullptr, self.data(), static_cast<DWORD>(self.size()));
        if (length == 0)
            return 1;
        if (length < self.size()) {
            self.resize(length);
            break;
        }
        self.resize(self.size() * 2);
    }
    // exadesk.com -> exadesk.exe, same folder; the arguments as they were given.
    const std::wstring program = self.substr(0, self.size() - 4) + L".exe";
    const wchar_t* line = GetCommandLineW();
    bool quoted = false;
    for (; *line; ++line) { // skip our own name
        if (*line == L'"')
            quoted = !quoted;
        else if (!quoted && (*line == L' ' || *line == L'\t'))
            break;
    }
    std::wstring commandLine = L"\"" + program + L"\"" + line;

    // exadesk.exe attaches to this console (main.cpp), so Ctrl+C reaches it there and it decides
    // how to stop; this process only waits for its exit code.
    SetConsoleCtrlHandler(nullptr, TRUE);
    // If this console closes, or this process is ended, exadesk.exe goes with it: no orphan
    // holding the local port.
    HANDLE job = CreateJobObjectW(nullptr, nullptr);
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits));
    }

    STARTUPINFOW startup{};
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION process{};
    if (!CreateProcessW(program.c_str(), commandLine.data(), nullptr, nullptr, TRUE, CREATE_SUSPENDED, nullptr, nullptr,
                        &startup, &process))
        return 1;
    if (job)
        AssignProcessToJobObject(job, process.hProcess);
    ResumeThread(process.hThread);
    WaitForSingleObject(process.hProcess, INFINITE);
    DWORD exitCode = 1;
    GetExitCodeProcess(process.hProcess, &exitCode);
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
    return static_cast<int>(exitCode);
}

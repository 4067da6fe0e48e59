#pragma once

// A place where a multi-step change to the user's data may be cut short. The crash tests set
// EXADESK_KILL_AT to a point's name: the process is killed there, as by a power cut, and the
// next start must lose nothing. Without the variable this does nothing.
namespace exadesk {

void faultPoint(const char* name);

} // namespace exadesk

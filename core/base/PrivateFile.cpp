#include "PrivateFile.h"

namespace exadesk {

bool othersMayAccess(const QFile& file)
{
#ifdef Q_OS_WIN
    Q_UNUSED(file);
    return false;
#else
    const QFileDevice::Permissions others
        = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    return (file.permissions() & others) != 0;
#endif
}

} // namespace exadesk

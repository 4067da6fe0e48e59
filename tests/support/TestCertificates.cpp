#include "TestCertificates.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace testsupport {
namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test certificate %s", qPrintable(path));
    return file.readAll();
}

} // namespace

QString certificatePath(const QString& fileName)
{
    return QStringLiteral(EXADESK_TEST_CERT_DIR) + u'/' + fileName;
}

QSslCertificate serverCertificate()
{
    return QSslCertificate(readAll(certificatePath(u"server.pem"_s)), QSsl::Pem);
}

QSslKey serverKey()
{
    return QSslKey(readAll(certificatePath(u"server.key"_s)), QSsl::Rsa, QSsl::Pem);
}

QList<QSslCertificate> testCa()
{
    return QSslCertificate::fromData(readAll(certificatePath(u"ca.pem"_s)), QSsl::Pem);
}

QList<QSslCertificate> unrelatedCa()
{
    return QSslCertificate::fromData(readAll(certificatePath(u"other-ca.pem"_s)), QSsl::Pem);
}

QString binaryDir()
{
    return QStringLiteral(EXADESK_BINARY_DIR);
}

} // namespace testsupport

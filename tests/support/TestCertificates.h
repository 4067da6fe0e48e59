#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

// The TLS material made by make-test-certs.sh at build time.
namespace testsupport {

QString certificatePath(const QString& fileName);
QSslCertificate serverCertificate();
QSslKey serverKey();
QList<QSslCertificate> testCa();
QList<QSslCertificate> unrelatedCa();
// The build tree, where the test binaries find the programs they run.
QString binaryDir();

} // namespace testsupport

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const opensslPresent = ['/usr/bin/openssl', '/bin/openssl', '/usr/local/bin/openssl'].some(
  existsSync,
);

/**
 * A self-signed signature certificate and its RSA key in `dir`, as an operator would configure
 * them for the national gateway (FSE_GATEWAY_JWT_KEY / _CERT / _ISSUER).
 */
export function makeSignatureCertificate(
  dir: string,
  commonName: string,
): { key: string; cert: string; env: Record<string, string> } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', `/C=IT/CN=${commonName}`,
  ], { stdio: 'ignore' }); // prettier-ignore
  return {
    key,
    cert,
    env: {
      FSE_GATEWAY_JWT_KEY: key,
      FSE_GATEWAY_JWT_CERT: cert,
      FSE_GATEWAY_JWT_ISSUER: commonName,
    },
  };
}

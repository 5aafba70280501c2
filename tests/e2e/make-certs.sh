#!/usr/bin/env bash
# Makes a throw-away certificate authority and one server certificate for the end-to-end tests' host names, into
# the folder given (make test-e2e: build/e2e/tls). The tests trust the CA through NODE_EXTRA_CA_CERTS only; nothing
# is installed into the system's trust store.
set -euo pipefail
out=${1:?usage: make-certs.sh OUTDIR}
names=(example.com mastodon.example.com auth.example.com matrix.example.com)
mkdir -p "$out"
cd "$out"
rm -f ./*.pem ./*.srl ./*.csr ./*.ext
openssl ecparam -name prime256v1 -genkey -noout -out ca-key.pem
openssl req -x509 -new -key ca-key.pem -sha256 -days 30 -subj "/CN=edge-router e2e test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out server-key.pem
openssl req -new -key server-key.pem -subj "/CN=${names[0]}" -out server.csr 2>/dev/null
san=$(printf 'DNS:%s,' "${names[@]}")
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%sIP:127.0.0.1\n' "$san" > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -sha256 -days 30 -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
echo "make-certs: $out/ca.pem, $out/server.pem ($(IFS=,; echo "${names[*]}"))"

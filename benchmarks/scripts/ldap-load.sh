#!/usr/bin/env bash
# Load time and peak memory of reading N recipients from a local OpenLDAP slapd with the LDAP directory
# reader, against a baseline in the same run: `ldapsearch` fetching the same entries with the same page size
# (what the server and the wire cost on their own). Not a test and not for CI: timings depend on the machine.
# Two paths are measured:
#   - `hybridcore directory export` (reads every page, validates and indexes the snapshot, writes JSON): time and
#     peak RSS of the whole process, three runs;
#   - `hybridcore serve --ldap --refresh 5`: peak RSS of the initial load, then of each of two refreshes (the peak
#     is reset through /proc/PID/clear_refs after the start, so it is what the refreshes add: while a refresh
#     builds the new snapshot, the one in use still serves).
#   benchmarks/scripts/ldap-load.sh [N ...]        (default: 10000 100000)
# LDAP_LOAD_CLIS="before=/path/HybridCore.Cli.dll after=/other/HybridCore.Cli.dll" compares builds in one run
# (default: this tree's Release build).
# Needs slapd and ldap-utils (.ci/install-deps). The fixture is generated as LDIF and loaded offline with slapadd
# (ldapadd of 100 000 entries is much slower); the schema is the tests' (tests/HybridCore.Ldap.Tests/Slapd).
set -euo pipefail
trap '[ -n "${DIR:-}" ] && [ -f "$DIR/slapd.pid" ] && kill "$(cat "$DIR/slapd.pid")" 2>/dev/null; [ -n "${DIR:-}" ] && rm -rf "$DIR"' EXIT
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
COUNTS=("$@")
[ "${#COUNTS[@]}" -eq 0 ] && COUNTS=(10000 100000)
BASE="dc=batre,dc=msftonlinerepro,dc=com"
SVC="cn=svc-hybridcore,cn=Users,$BASE"

if [ -z "${LDAP_LOAD_CLIS:-}" ]; then
  dotnet build -c Release src/HybridCore.Cli/HybridCore.Cli.csproj -v quiet -nologo >/dev/null
  LDAP_LOAD_CLIS="hybridcore=src/HybridCore.Cli/bin/Release/net10.0/HybridCore.Cli.dll"
fi
read -r -a CLIS <<< "$LDAP_LOAD_CLIS"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for N in "${COUNTS[@]}"; do
  DIR=$(mktemp -d -t hybridcore-ldap-load.XXXXXX)   # under $TMPDIR (default /tmp)
  mkdir -p "$DIR/db"
  cp tests/HybridCore.Ldap.Tests/Slapd/hybridcore-ad.schema "$DIR/"
  cat > "$DIR/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include $DIR/hybridcore-ad.schema
pidfile $DIR/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
sizelimit unlimited
database mdb
maxsize 4294967296
suffix "$BASE"
rootdn "cn=admin,$BASE"
rootpw admin
directory $DIR/db
index objectClass eq
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="$SVC" read by * none
CONF
  {
    cat tests/HybridCore.Ldap.Tests/Slapd/demo-lab.ldif
    # N remote mailboxes, a tenth of them still on premises.
    awk -v n="$N" -v base="$BASE" 'BEGIN {
      for (i = 0; i < n; i++) {
        printf "\ndn: cn=bench%d,cn=Users,%s\nobjectClass: user\ncn: bench%d\nsAMAccountName: bench%d\n", i, base, i, i
        printf "userPrincipalName: bench%d@batre.msftonlinerepro.com\nmail: bench%d@batre.msftonlinerepro.com\n", i, i
        printf "proxyAddresses: SMTP:bench%d@batre.msftonlinerepro.com\nproxyAddresses: smtp:bench%d@batre.mail.onmicrosoft.com\n", i, i
        if (i % 10 == 0) { printf "msExchRecipientTypeDetails: 1\n" }
        else { printf "targetAddress: SMTP:bench%d@batre.mail.onmicrosoft.com\nmsExchRecipientTypeDetails: 2147483648\nmsExchRemoteRecipientType: 4\n", i }
      }
    }'
  } > "$DIR/lab.ldif"
  slapadd -q -f "$DIR/slapd.conf" -l "$DIR/lab.ldif"
  PORT=$(free_port)
  slapd -f "$DIR/slapd.conf" -h "ldap://127.0.0.1:$PORT/"
  for _ in $(seq 50); do ldapsearch -x -H "ldap://127.0.0.1:$PORT" -b "" -s base >/dev/null 2>&1 && break; sleep 0.1; done
  printf 'svc-S3cret!' > "$DIR/pw"; chmod 600 "$DIR/pw"   # ldapsearch -y takes the whole file, newline included
  echo "== $N recipients (+5 demo users) =="
  LDAP_ARGS=(--ldap "ldap://127.0.0.1:$PORT" --bind-dn "$SVC" --bind-password-file "$DIR/pw" --base-dn "$BASE" --config-dn "cn=Configuration,$BASE")
  for i in 1 2 3; do
    /usr/bin/time -f "ldapsearch (baseline): %e s, peak RSS %M KB" \
      ldapsearch -x -LLL -H "ldap://127.0.0.1:$PORT" -D "$SVC" -y "$DIR/pw" -b "$BASE" -E pr=1000/noprompt \
      '(&(|(objectClass=user)(objectClass=contact))(msExchRecipientTypeDetails=*))' \
      cn userPrincipalName sAMAccountName proxyAddresses targetAddress mail displayName msExchRecipientTypeDetails msExchRemoteRecipientType > /dev/null
    for c in "${CLIS[@]}"; do
      /usr/bin/time -f "${c%%=*} directory export: %e s, peak RSS %M KB" dotnet "${c#*=}" directory export "${LDAP_ARGS[@]}" > "$DIR/out.json"
    done
  done
  for c in "${CLIS[@]}"; do
    LOG="$DIR/serve.log"
    : > "$LOG"
    SERVE_URL="http://127.0.0.1:$(free_port)"
    # exec: $SERVE is dotnet itself, and the background subshell never runs this script's EXIT trap.
    ( trap - EXIT; exec dotnet "${c#*=}" serve "${LDAP_ARGS[@]}" --refresh 5 --urls "$SERVE_URL" --verbose > "$LOG" 2>&1 ) &
    SERVE=$!
    for _ in $(seq 600); do grep -q '^Listening' "$LOG" && break; kill -0 $SERVE 2>/dev/null || break; sleep 0.2; done
    echo "${c%%=*} serve --ldap: initial load peak RSS $(awk '/VmHWM/ {print $2}' /proc/$SERVE/status) KB"
    echo 5 > /proc/$SERVE/clear_refs 2>/dev/null || echo "  (cannot reset the peak: the refresh peaks below include the initial load)"
    for n in 1 2; do
      for _ in $(seq 600); do [ "$(grep -c 'refreshed from LDAP' "$LOG")" -ge $n ] && break; sleep 0.2; done
      echo "${c%%=*} serve --ldap: refresh $n $(grep 'refreshed from LDAP' "$LOG" | sed -n "${n}p" | sed 's/.*) in /in /'), peak RSS since start $(awk '/VmHWM/ {print $2}' /proc/$SERVE/status) KB"
    done
    kill $SERVE; wait $SERVE 2>/dev/null || true
  done
  echo "exported: $(grep -c '"identity"' "$DIR/out.json") recipients, $(stat -c %s "$DIR/out.json") bytes of JSON"
  kill "$(cat "$DIR/slapd.pid")"
  sleep 0.5
  rm -rf "$DIR"
done

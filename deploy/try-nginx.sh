#!/usr/bin/env bash
# The replicas recipe, tried on this machine: two `streamlit run app.py` replicas on loopback behind nginx with
# deploy/nginx.conf (its upstream pointed at them), the load test through the proxy, then a check of the proxy's
# log that each reader's requests (the page, its websocket) reached one replica and both replicas served readers.
#   bash deploy/try-nginx.sh BUILD_DIR [SESSIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=$(realpath "${1:?a build folder}")
SESSIONS=${2:-6}
TMP=$(mktemp -d)
PIDS=()
cleanup() {
    [ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
for port in 8601 8602; do
    CHRONOMAP_BUILD=$BUILD CHRONOMAP_SHARED=1 .venv/bin/python -m streamlit run app.py --server.headless true \
        --server.address 127.0.0.1 --server.port $port >"$TMP/app-$port.log" 2>&1 &
    PIDS+=($!)
done
sed -e 's/127.0.0.1:8501/127.0.0.1:8601/; s/127.0.0.1:8502/127.0.0.1:8602/; /127.0.0.1:8503/d' \
    -e 's/listen 80;/listen 127.0.0.1:8680;/' deploy/nginx.conf >"$TMP/site.conf"
cat >"$TMP/nginx.conf" <<EOF
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events {}
http {
    log_format routes '\$chronomap_route \$upstream_addr "\$request" \$status';
    access_log $TMP/access.log routes;
    client_body_temp_path $TMP/body; proxy_temp_path $TMP/proxy;
    fastcgi_temp_path $TMP/fastcgi; uwsgi_temp_path $TMP/uwsgi; scgi_temp_path $TMP/scgi;
    include $TMP/site.conf;
}
EOF
nginx -t -p "$TMP" -c "$TMP/nginx.conf"
nginx -p "$TMP" -c "$TMP/nginx.conf"
for _ in $(seq 120); do
    curl -fs http://127.0.0.1:8601/_stcore/health >/dev/null && curl -fs http://127.0.0.1:8602/_stcore/health >/dev/null && break
    sleep 0.5
done
status=0
.venv/bin/python scripts/loadtest.py --url http://127.0.0.1:8680 --build "$BUILD" --sessions "$SESSIONS" --solo 1 || status=$?
python3 - "$TMP/access.log" <<'EOF'
import sys
from collections import defaultdict
replicas = defaultdict(set)
for line in open(sys.argv[1]):
    route, upstream = line.split()[:2]
    if upstream != "-":
        replicas[route].add(upstream)
split = {r: u for r, u in replicas.items() if len(u) > 1}
used = set().union(*replicas.values()) if replicas else set()
print(f"proxy: {len(replicas)} routes, replicas used {sorted(used)}, routes split over replicas: {len(split)}")
sys.exit(1 if split or len(used) < 2 else 0)
EOF
exit $status

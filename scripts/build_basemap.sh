#!/usr/bin/env bash
# Rebuild assets/basemap/countries-50m.geojson: Natural Earth 1:50m country outlines (public domain) from the npm
# package world-atlas@2.0.2 (ISC), converted from TopoJSON and simplified to a fifth of their vertices (mapshaper,
# Visvalingam, shapes kept) so that a browser without a GPU draws them in a fraction of a second.
#   bash scripts/build_basemap.sh
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/assets/basemap/countries-50m.geojson"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent world-atlas@2.0.2 topojson-client@3 mapshaper@0.6 >/dev/null
node -e '
const fs = require("fs"); const topojson = require("topojson-client");
const t = JSON.parse(fs.readFileSync("node_modules/world-atlas/countries-50m.json"));
const fc = topojson.feature(t, t.objects.countries);
fc.features = fc.features.map(f => ({type: "Feature", properties: {name: f.properties.name}, geometry: f.geometry}));
fs.writeFileSync("countries.geojson", JSON.stringify(fc));'
node_modules/.bin/mapshaper countries.geojson -simplify 20% keep-shapes -o format=geojson precision=0.01 "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"

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
# Each country gets a "tone" (0-4) that differs from its neighbours' (greedy colouring over shared borders), so
# the map shows borders by fill alone: stroking every outline costs a browser without a GPU more than the fill.
node -e '
const fs = require("fs"); const topojson = require("topojson-client");
const t = JSON.parse(fs.readFileSync("node_modules/world-atlas/countries-50m.json"));
const geometries = t.objects.countries.geometries;
const neighbours = topojson.neighbors(geometries);
const order = geometries.map((_, i) => i).sort((a, b) => neighbours[b].length - neighbours[a].length || a - b);
const tone = new Array(geometries.length).fill(-1);
for (const i of order) {
  const taken = new Set(neighbours[i].map(j => tone[j]));
  let k = 0; while (taken.has(k)) k++;
  tone[i] = k;
}
const fc = topojson.feature(t, t.objects.countries);
fc.features = fc.features.map((f, i) => ({type: "Feature", properties: {name: f.properties.name, tone: tone[i]}, geometry: f.geometry}));
fs.writeFileSync("countries.geojson", JSON.stringify(fc));'
node_modules/.bin/mapshaper countries.geojson -simplify 20% keep-shapes -o format=geojson precision=0.01 "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"

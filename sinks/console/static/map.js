/* The neighbourhood map: the classifier's GeoJSON polygons as SVG paths, coloured by count.
   No tile server: the polygons are served by the console itself, so it works offline. */
"use strict";
let GEO = null;

async function loadGeo() {
  if (!GEO) GEO = await (await fetch("/console/static/neighbourhoods.geojson")).json();
  return GEO;
}

function fold(s) {
  return (s || "").toLocaleLowerCase("tr").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ı/g, "i");
}

function rings(geometry) {
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

/* Cities that have polygons, the ones with most requests first. */
function citiesByCount(geo, counts) {
  const byFold = new Map(Object.entries(counts).map(([k, v]) => [fold(k), v]));
  const total = new Map();
  for (const f of geo.features) {
    const c = f.properties.city;
    total.set(c, (total.get(c) || 0) + (byFold.get(fold(f.properties.neighbourhood)) || 0));
  }
  return [...total.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => ({city: c, count: n}));
}

function drawMap(container, geo, city, counts) {
  container.replaceChildren();
  const byFold = new Map(Object.entries(counts).map(([k, v]) => [fold(k), v]));
  const feats = geo.features.filter(f => f.properties.city === city);
  if (!feats.length) { container.textContent = t("o.nodata"); return; }
  // Frame the neighbourhoods that have requests, not the whole city: the outer cells of a
  // city's polygons are tens of km wide, and the busy centre shrank to a few pixels. The
  // frame gets a margin of 40% of its size (at least 0.03°, ~3 km) so the areas around show.
  const busy = feats.filter(f => byFold.get(fold(f.properties.neighbourhood)));
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of (busy.length ? busy : feats)) for (const r of rings(f.geometry)) for (const [x, y] of r) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  if (busy.length) {
    const mx = Math.max(0.03, 0.4 * (maxX - minX)), my = Math.max(0.03, 0.4 * (maxY - minY));
    minX -= mx; maxX += mx; minY -= my; maxY += my;
  }
  // Equirectangular, x shrunk by cos(latitude): at 40° N a degree of longitude is 0.77 of one of latitude.
  const kx = Math.cos((minY + maxY) / 2 * Math.PI / 180);
  const W = 560, pad = 6, sw = (maxX - minX) * kx, sh = maxY - minY;
  const scale = (W - 2 * pad) / Math.max(sw, sh * 1e-9);
  const H = Math.min(520, sh * scale + 2 * pad);
  const s = Math.min(scale, (H - 2 * pad) / sh);
  const max = Math.max(1, ...feats.map(f => byFold.get(fold(f.properties.neighbourhood)) || 0));
  const svg = svgEl("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart map", role: "img"});
  for (const f of feats) {
    const n = byFold.get(fold(f.properties.neighbourhood)) || 0;
    const d = rings(f.geometry).map(r => "M" + r.map(([x, y]) =>
      `${(pad + (x - minX) * kx * s).toFixed(1)},${(pad + (maxY - y) * s).toFixed(1)}`).join("L") + "Z").join("");
    // Colour: white (0) to deep blue (max), square-root scale so one busy street does not wash out the rest.
    const a = n ? 0.15 + 0.85 * Math.sqrt(n / max) : 0;
    const p = svgEl("path", {d, class: "hood", fill: n ? `rgba(31,111,235,${a.toFixed(2)})` : "#f3f4f6",
                             "data-name": f.properties.neighbourhood, "data-count": n});
    p.append(svgEl("title", {}, `${f.properties.neighbourhood} (${f.properties.district}): ${n}`));
    svg.append(p);
  }
  const steps = [...new Set([0, Math.ceil(max / 4), Math.ceil(max / 2), max])];
  container.append(svg, legend(steps.map(n => [String(n), n ? `rgba(31,111,235,${(0.15 + 0.85 * Math.sqrt(n / max)).toFixed(2)})` : "#f3f4f6"])));
}

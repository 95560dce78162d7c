/* Inline SVG charts: no library, no network. Every label goes in with textContent. */
"use strict";
const SVG_NS = "http://www.w3.org/2000/svg";
const PALETTE = ["#1f6feb", "#d97706", "#059669", "#9333ea", "#dc2626", "#0891b2", "#65a30d", "#db2777", "#6b7280"];

function svgEl(name, attrs, text) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text != null) el.textContent = String(text);
  return el;
}

function legend(items) {
  const ul = document.createElement("ul");
  ul.className = "legend";
  for (const [label, color] of items) {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = color;
    li.append(sw, document.createTextNode(label));
    ul.append(li);
  }
  return ul;
}

/* Stacked columns: series = [{date, channels: {sms: 3, ...}}]. */
function stackedColumns(container, series, keys, labelOf) {
  container.replaceChildren();
  if (!series.length) { container.textContent = t("o.nodata"); return; }
  const W = 560, H = 220, L = 34, B = 34, T = 8;
  // Whole-number ticks: four steps of ceil(top / 4), so a count of 3 is not labelled 0, 1, 2, 2, 3.
  const step = Math.max(1, Math.ceil(Math.max(...series.map(s => keys.reduce((a, k) => a + (s.channels[k] || 0), 0))) / 4));
  const max = step * 4;
  const svg = svgEl("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img"});
  const bw = (W - L - 4) / series.length;
  for (let i = 0; i <= 4; i++) {
    const v = step * i, y = H - B - (H - B - T) * i / 4;
    svg.append(svgEl("line", {x1: L, x2: W, y1: y, y2: y, class: "grid"}), svgEl("text", {x: L - 4, y: y + 4, class: "axis end"}, v));
  }
  series.forEach((s, i) => {
    let y = H - B;
    keys.forEach((k, j) => {
      const n = s.channels[k] || 0;
      if (!n) return;
      const h = (H - B - T) * n / max;
      y -= h;
      const r = svgEl("rect", {x: L + i * bw + 1, y, width: Math.max(1, bw - 2), height: h, fill: PALETTE[j % PALETTE.length]});
      r.append(svgEl("title", {}, `${s.date.slice(0, 16).replace("T", " ")} ${labelOf(k)}: ${n}`));
      svg.append(r);
    });
    const every = Math.ceil(series.length / 8);
    const hourly = series.length > 1 && series[0].date.slice(0, 10) === series[series.length - 1].date.slice(0, 10);
    const tick = hourly ? s.date.slice(11, 16) : s.date.slice(5, 10);
    if (i % every === 0) svg.append(svgEl("text", {x: L + i * bw + bw / 2, y: H - B + 16, class: "axis mid"}, tick));
  });
  container.append(svg, legend(keys.map((k, j) => [labelOf(k), PALETTE[j % PALETTE.length]])));
}

/* Horizontal bars: rows = [{label, values: [open, overdue]}]. */
function groupedBars(container, rows, names, colors) {
  container.replaceChildren();
  if (!rows.length) { container.textContent = t("o.nodata"); return; }
  const W = 560, row = 34, L = 200, H = rows.length * row + 8;
  const max = Math.max(1, ...rows.flatMap(r => r.values));
  const svg = svgEl("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img"});
  rows.forEach((r, i) => {
    const y = 4 + i * row;
    // Long names ("Mezarlıklar ve Cenaze Hizmetleri") are cut at 26 characters; the full name is the tooltip.
    const label = svgEl("text", {x: L - 6, y: y + 19, class: "label end"}, r.label.length > 26 ? r.label.slice(0, 25) + "…" : r.label);
    label.append(svgEl("title", {}, r.label));
    svg.append(label);
    r.values.forEach((v, j) => {
      const w = (W - L - 40) * v / max, yy = y + 3 + j * 14;
      svg.append(svgEl("rect", {x: L, y: yy, width: Math.max(v ? 2 : 0, w), height: 12, fill: colors[j]}));
      if (v || j === 0) svg.append(svgEl("text", {x: L + w + 4, y: yy + 10, class: "axis"}, v));
    });
  });
  container.append(svg, legend(names.map((n, j) => [n, colors[j]])));
}

/* Columns for a score distribution {1: n, ..., 5: n}. */
function scoreColumns(container, scores, average) {
  container.replaceChildren();
  const keys = ["1", "2", "3", "4", "5"];
  const total = keys.reduce((a, k) => a + (scores[k] || 0), 0);
  if (!total) { container.textContent = t("o.nodata"); return; }
  const W = 300, H = 160, B = 24, max = Math.max(1, ...keys.map(k => scores[k] || 0));
  const svg = svgEl("svg", {viewBox: `0 0 ${W} ${H}`, class: "chart small", role: "img"});
  keys.forEach((k, i) => {
    const n = scores[k] || 0, h = (H - B - 16) * n / max, x = 10 + i * 58;
    svg.append(svgEl("rect", {x, y: H - B - h, width: 44, height: h, fill: PALETTE[i < 2 ? 4 : i < 3 ? 1 : 2]}),
               svgEl("text", {x: x + 22, y: H - B - h - 4, class: "axis mid"}, n),
               svgEl("text", {x: x + 22, y: H - 6, class: "axis mid"}, "★".repeat(i + 1)));
  });
  container.append(svg);
  if (average != null) {
    const p = document.createElement("p");
    p.textContent = `${t("o.sat")}: ${average.toFixed(2)} / 5`;
    container.append(p);
  }
}

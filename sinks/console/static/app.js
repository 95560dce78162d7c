/* The console: sign-in, live feed, search, request detail with actions, overview.
   User data is only ever put in the page with textContent (never innerHTML). */
"use strict";
const S = {key: sessionStorage.getItem("civicdesk.key"), config: null, feed: new Map(), feedAbort: null,
           cursor: null, changed: null, next: null, current: null};
const NEXT_STATUS = {received: ["routed", "rejected"], routed: ["in_progress", "resolved", "rejected"],
                     in_progress: ["resolved", "rejected"], resolved: ["closed", "in_progress"], rejected: ["closed"], closed: []};
const URGENT = new Set(["urgent", "emergency"]);
const $ = id => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function api(path, opts) {
  const resp = await fetch(path, {...(opts || {}), headers: {"Authorization": "Bearer " + S.key,
                                  "Content-Type": "application/json", ...((opts || {}).headers || {})}});
  if (resp.status === 401) { signOut(); throw new Error("401"); }
  const body = resp.headers.get("content-type")?.includes("json") ? await resp.json() : await resp.text();
  if (!resp.ok) throw new Error((body && (body.detail || body.error)) || resp.statusText);
  return body;
}

function deptName(code) {
  const d = (S.config?.departments || []).find(x => x.code === code);
  return d ? (d.names[LANG] || d.names.en || code) : (code || "—");
}
function age(iso) {
  const m = Math.max(0, (Date.now() - Date.parse(iso)) / 60000);
  return m < 60 ? t("age.m", {n: Math.round(m)}) : m < 2880 ? t("age.h", {n: Math.round(m / 60)}) : t("age.d", {n: Math.round(m / 1440)});
}
function targetState(doc) {
  if (["resolved", "rejected", "closed"].includes(doc.status)) return ["done", t("target.done")];
  if (!doc.due_at) return ["none", t("target.none")];
  const left = Date.parse(doc.due_at) - Date.now();
  return left < 0 ? ["overdue", t("target.overdue")] : left < 4 * 3600e3 ? ["soon", t("target.soon")] : ["ok", t("target.ok")];
}
function badge(kind, value) { return el("span", {class: `badge ${kind}-${value}`}, tEnum(kind, value)); }
function fmtTime(iso) { return iso ? new Date(iso).toLocaleString(LANG) : "—"; }

/* ---------- views and routing ---------- */
function show(view) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== "view-" + view;
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === view);
}
async function route() {
  if (!S.key) { show("signin"); return; }
  const [, view, arg] = (location.hash || "#/feed").split("/");
  if (view === "request" && arg) { show("request"); await openRequest(decodeURIComponent(arg)); }
  else if (view === "search") show("search");
  else if (view === "overview") { show("overview"); await loadOverview(); }
  else show("feed");
}

/* ---------- sign in ---------- */
async function signIn(key) {
  S.key = key;
  try { S.config = await api("/console/config"); }
  catch (e) { S.key = null; $("signin-error").textContent = t("signin.bad"); return false; }
  sessionStorage.setItem("civicdesk.key", key);
  $("nav").hidden = $("signout").hidden = $("role").hidden = false;
  $("role").textContent = S.config.role_name === "department" ? deptName(S.config.department) : S.config.role;
  fillSelects();
  startFeed();
  return true;
}
function signOut() {
  S.key = null; S.config = null; S.feed.clear(); S.cursor = null; S.changed = null;
  sessionStorage.removeItem("civicdesk.key");
  if (S.feedAbort) S.feedAbort.abort();
  $("nav").hidden = $("signout").hidden = $("role").hidden = true;
  $("lane-urgent").replaceChildren(); $("lane-normal").replaceChildren();
  location.hash = "";
  show("signin");
}
function options(select, pairs) {
  const first = select.options[0] && select.options[0].value === "" ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []), ...pairs.map(([v, label]) => el("option", {value: v}, label)));
}
function fillSelects() {
  const depts = S.config.departments.map(d => [d.code, deptName(d.code)]);
  options($("f-department"), depts); options($("a-c-department"), depts);
  for (const [id, kind] of [["f-urgency", "urgency"], ["f-channel", "channel"], ["f-status", "status"], ["a-c-urgency", "urgency"], ["a-c-type", "type"]])
    options($(id), Object.keys(ENUMS[kind]).map(v => [v, tEnum(kind, v)]));
  if (S.config.role_name === "department") { $("f-department").value = S.config.department; $("f-department").disabled = true; }
}

/* ---------- live feed: server-sent events read with fetch (EventSource cannot send a Bearer header) ---------- */
function feedCard(doc) {
  const li = el("li", {class: "req" + (URGENT.has(doc.urgency) ? " is-urgent" : ""), "data-id": doc.request_id});
  const a = el("a", {href: "#/request/" + encodeURIComponent(doc.request_id)},
    el("span", {class: "num"}, doc.number || doc.request_id), " ", badge("channel", doc.channel), " ",
    badge("urgency", doc.urgency), " ", badge("status", doc.status),
    el("span", {class: "dept"}, deptName(doc.department)),
    el("span", {class: "when"}, age(doc.received_at)));
  li.append(a, el("p", {class: "text"}, doc.text || ""),
            el("p", {class: "where muted"}, [doc.location?.neighbourhood, doc.location?.district].filter(Boolean).join(", ")));
  return li;
}
/* A status change or correction of a request on screen: its card is redrawn where it stands (a
   new lane when the urgency changed); a request reassigned away from this department leaves. */
function applyUpdates(updates) {
  let relayout = false;
  for (const u of updates) {
    const old = S.feed.get(u.request_id);
    if (u.removed) { relayout = S.feed.delete(u.request_id) || relayout; continue; }
    if (old && old.updated_at === u.updated_at) continue;  // read again after a reconnect: shown already
    const doc = {...(old || {}), ...u};
    S.feed.set(u.request_id, doc);
    const li = [...document.querySelectorAll("#view-feed li.req")].find(x => x.dataset.id === u.request_id);
    if (!li || URGENT.has(old?.urgency) !== URGENT.has(doc.urgency)) { relayout = true; continue; }
    const card = feedCard(doc);
    card.classList.add("changed");
    li.replaceWith(card);
  }
  return relayout;
}
function renderFeed() {
  const docs = [...S.feed.values()].sort((a, b) => (b.received_at || "").localeCompare(a.received_at || ""));
  const urgent = docs.filter(d => URGENT.has(d.urgency));
  $("lane-urgent").replaceChildren(...urgent.slice(0, 50).map(feedCard));
  $("lane-normal").replaceChildren(...docs.filter(d => !URGENT.has(d.urgency)).slice(0, 100).map(feedCard));
  $("lane-urgent-empty").hidden = urgent.length > 0;
}
async function startFeed() {
  if (S.feedAbort) S.feedAbort.abort();
  const ctl = new AbortController();
  S.feedAbort = ctl;
  while (!ctl.signal.aborted && S.key) {
    try {
      const q = new URLSearchParams();
      if (S.cursor) q.set("after", S.cursor);
      if (S.changed) q.set("changed", S.changed);
      const resp = await fetch("/events" + (q.toString() ? "?" + q : ""),
                               {headers: {"Authorization": "Bearer " + S.key}, signal: ctl.signal});
      if (resp.status === 401) { signOut(); return; }
      $("feed-state").textContent = t("feed.live");
      const reader = resp.body.getReader(), dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;  // the server ends each stream after 10 s: reconnect at once with the cursor
        buf += dec.decode(value, {stream: true});
        let cut;
        while ((cut = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, cut); buf = buf.slice(cut + 2);
          const data = block.split("\n").filter(l => l.startsWith("data: ")).map(l => l.slice(6)).join("\n");
          if (!data) continue;
          const msg = JSON.parse(data);
          for (const d of msg.requests) S.feed.set(d.request_id, d);
          const relayout = applyUpdates(msg.updates || []);
          S.cursor = msg.cursor || S.cursor;
          S.changed = msg.changed || S.changed;
          if (msg.requests.length || relayout) renderFeed();
        }
      }
      if (resp.ok) continue;
    } catch (e) {
      if (ctl.signal.aborted) return;
    }
    $("feed-state").textContent = t("feed.lost");
    await new Promise(r => setTimeout(r, 2000));
  }
}

/* ---------- search ---------- */
function resultRow(doc) {
  const [state, label] = targetState(doc);
  const link = el("a", {href: "#/request/" + encodeURIComponent(doc.request_id)}, doc.number || doc.request_id);
  return el("tr", {"data-id": doc.request_id},
    el("td", {}, link), el("td", {}, badge("channel", doc.channel)), el("td", {class: "text"}, doc.text || ""),
    el("td", {}, deptName(doc.department)), el("td", {}, badge("urgency", doc.urgency)), el("td", {}, badge("status", doc.status)),
    el("td", {title: fmtTime(doc.received_at)}, age(doc.received_at)), el("td", {}, el("span", {class: "target-" + state}, label)));
}
function searchQuery(cursor) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData($("search"))) if (String(v).trim()) p.set(k, String(v).trim());
  if (S.config.role_name === "department") p.delete("department");
  p.set("size", "25");
  if (cursor) p.set("cursor", cursor);
  return p;
}
async function runSearch(more) {
  const p = searchQuery(more ? S.next : null);
  const body = await api("/requests?" + p);
  const tbody = $("results").tBodies[0];
  if (!more) tbody.replaceChildren();
  tbody.append(...body.results.map(resultRow));
  $("search-total").textContent = t("search.total", {n: body.total});
  S.next = body.next_cursor; $("more").hidden = !S.next;
}

/* ---------- request detail ---------- */
function dl(pairs) { return pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]); }
function reqLink(doc) {
  return el("li", {}, el("a", {href: "#/request/" + encodeURIComponent(doc.request_id)}, doc.number || doc.request_id),
            " ", badge("channel", doc.channel), " ", badge("status", doc.status), " ", fmtTime(doc.received_at), " — ",
            el("span", {class: "text"}, doc.text || ""));
}
async function openRequest(id) {
  $("a-result").textContent = "";
  const doc = await api("/requests/" + encodeURIComponent(id));
  S.current = doc;
  $("d-title").textContent = `${doc.number || doc.request_id} · ${deptName(doc.department)}`;
  $("d-meta").replaceChildren(badge("channel", doc.channel), " ", badge("urgency", doc.urgency), " ", badge("status", doc.status), " ",
    t("d.received", {t: fmtTime(doc.received_at), c: tEnum("channel", doc.channel)}), " · ",
    [doc.citizen?.display_name, doc.citizen?.handle || doc.citizen?.phone || doc.citizen?.email].filter(Boolean).join(" "), " · ",
    [doc.location?.neighbourhood, doc.location?.district].filter(Boolean).join(", "));
  $("d-text").textContent = doc.text || "";  // escaped: textContent, never innerHTML
  if (doc.subject) $("d-text").prepend(el("strong", {}, doc.subject), el("br"));
  $("d-text").lang = doc.language || "";
  const att = doc.attachments || [];
  $("d-attachments").replaceChildren(...(att.length ? att.map(a => el("li", {}, [a.filename || a.url || a.kind, a.content_type, a.size ? `${a.size} B` : ""].filter(Boolean).join(" · "))) : [el("li", {class: "muted"}, t("d.none"))]));
  const c = doc.classification || {};
  $("d-class").replaceChildren(...dl([[t("d.department"), deptName(c.department)], [t("d.type"), tEnum("type", c.type)],
    [t("d.urgency"), tEnum("urgency", c.urgency)],
    [t("d.confidence"), c.confidence == null ? "—" : Math.round(c.confidence * 100) + " %"],
    [t("d.review"), c.needs_review ? t("yes") : t("no")],
    [t("d.reasons"), el("ul", {class: "reasons"}, ...(c.reasons || []).map(r => el("li", {}, r)))],
    [t("d.corrections"), el("ul", {class: "corrections"}, ...(doc.corrections || []).map(correctionLine))]]));
  const rel = [];
  if (doc.duplicate_of) rel.push(el("p", {}, t("d.duplicate_of") + ": ", el("a", {href: "#/request/" + encodeURIComponent(doc.duplicate_of)}, doc.duplicate_of)));
  if (doc.related?.length) rel.push(el("p", {}, t("d.duplicates")), el("ul", {}, ...doc.related.map(reqLink)));
  if (doc.incident) rel.push(el("p", {class: "incident"}, `${t("d.incident")} ${doc.incident.incident_id}: `,
    t("d.reports", {n: Math.max(doc.incident.reports, doc.incident.reported_count || 0)})));
  $("d-related").replaceChildren(...(rel.length ? rel : [el("p", {class: "muted"}, t("d.none"))]));
  $("d-history").replaceChildren(...(doc.status_history || []).map(h => el("li", {}, badge("status", h.status), " ",
    fmtTime(h.at), h.actor ? ` · ${h.actor}` : "", h.note ? ` · ${h.note}` : "")));
  $("d-satisfaction").replaceChildren(satisfactionLine(doc));
  fillActions(doc);
  await loadTimeline(doc);
}
/* The citizen's 1-5 answer on a resolved request, or, on the answer itself, the request it rates. */
function satisfactionLine(doc) {
  const link = (id, text) => el("a", {href: "#/request/" + encodeURIComponent(id)}, text);
  const s = doc.satisfaction;
  if (s) return el("p", {class: "satisfaction"}, el("strong", {class: "stars"}, "★".repeat(s.score) + "☆".repeat(5 - s.score)), " ",
    t("d.sat_answer", {s: s.score, c: tEnum("channel", s.channel), t: fmtTime(s.at)}), " · ", link(s.answer_id, t("d.sat_message")));
  if (doc.answer_to) return el("p", {}, t("d.answer_to") + ": ", link(doc.answer_to, doc.answer_to));
  return el("p", {class: "muted"}, t("d.sat_none"));
}
function correctionLine(c) {
  const prev = c.previous || {}, parts = [];
  if (prev.department !== c.department) parts.push(`${deptName(prev.department)} → ${deptName(c.department)}`);
  for (const k of ["type", "urgency"]) if (prev[k] !== c[k]) parts.push(`${tEnum(k, prev[k])} → ${tEnum(k, c[k])}`);
  return el("li", {}, [fmtTime(c.at), c.actor, parts.join(", ") || t("d.confirmed")].join(" · "));
}
async function loadTimeline(doc) {
  const box = $("d-timeline");
  try {
    const tl = await api(`/requests/${encodeURIComponent(doc.request_id)}/timeline`);
    box.replaceChildren(el("p", {class: "muted"}, tl.identities.join(" · ")),
                        el("ul", {class: "timeline"}, ...tl.timeline.map(reqLink)));
  } catch (e) { box.replaceChildren(el("p", {class: "muted"}, t("d.none"))); }
}
function fillActions(doc) {
  const next = NEXT_STATUS[doc.status] || [];
  options($("a-status-value"), next.map(s => [s, tEnum("status", s)]));
  $("a-status").hidden = !next.length;
  for (const id of ["a-c-department", "a-c-type", "a-c-urgency"]) $(id).value = "";
  $("a-reply-channel").textContent = t("a.reply_via", {c: tEnum("channel", doc.channel), to: doc.citizen?.handle ? "@" + doc.citizen.handle.replace(/^@/, "") : (doc.citizen?.id || "")});
}
async function act(path, body, ok) {
  const out = $("a-result");
  try {
    const r = await api(`/requests/${encodeURIComponent(S.current.request_id)}/${path}`, {method: "POST", body: JSON.stringify(body)});
    out.className = "ok"; out.textContent = ok(r);
    return r;
  } catch (e) { out.className = "error"; out.textContent = t("a.failed", {e: e.message}); }
}

/* ---------- overview ---------- */
async function loadOverview() {
  let o = await api("/overview");
  // Under three days of data, per-day columns say nothing: show hours instead.
  if (o.over_time.length < 3) o = await api("/overview?interval=hour");
  const share = o.within_target.share == null ? "—" : Math.round(o.within_target.share * 100) + " %";
  const sat = o.satisfaction.average == null ? "—" : o.satisfaction.average.toFixed(1) + " / 5";
  $("o-tiles").replaceChildren(...[["o.total", o.total], ["o.open", o.open], ["o.overdue", o.overdue], ["o.target", share], ["o.sat", sat],
                                   ["o.answers", o.satisfaction.answers]]
    .map(([k, v]) => el("div", {class: "tile" + (k === "o.overdue" && o.overdue ? " bad" : "")}, el("strong", {}, String(v)), el("span", {}, t(k)))));
  const channels = Object.keys(o.channels);
  stackedColumns($("o-volume"), o.over_time, channels, k => tEnum("channel", k));
  groupedBars($("o-departments"), o.departments.map(d => ({label: deptName(d.department), values: [d.open, d.overdue]})),
              [t("o.open_legend"), t("o.overdue_legend")], ["#1f6feb", "#dc2626"]);
  scoreColumns($("o-satisfaction"), o.satisfaction.scores, o.satisfaction.average);
  if (o.satisfaction.answers) $("o-satisfaction").append(satisfactionByDepartment(o.departments));
  const geo = await loadGeo();
  const cities = citiesByCount(geo, o.neighbourhoods);
  const sel = $("o-city"), keep = sel.value;
  options(sel, cities.map(c => [c.city, `${c.city} (${c.count})`]));
  sel.value = cities.some(c => c.city === keep) ? keep : cities[0]?.city;
  drawMap($("o-map"), geo, sel.value, o.neighbourhoods);
  sel.onchange = () => drawMap($("o-map"), geo, sel.value, o.neighbourhoods);
}

/* Average, answer count and 1-5 distribution per department (departments with answers only). */
function satisfactionByDepartment(departments) {
  const rows = departments.filter(d => d.satisfaction?.answers).sort((a, b) => b.satisfaction.answers - a.satisfaction.answers);
  const head = el("tr", {}, ...["d.department", "o.avg", "o.n_answers", "o.distribution"].map(k => el("th", {}, t(k))));
  return el("table", {class: "sat-depts"}, el("caption", {}, t("o.sat_by_dept")), el("thead", {}, head),
    el("tbody", {}, ...rows.map(d => el("tr", {"data-department": d.department}, el("td", {}, deptName(d.department)),
      el("td", {}, d.satisfaction.average.toFixed(1)), el("td", {}, String(d.satisfaction.answers)),
      el("td", {class: "dist"}, ["1", "2", "3", "4", "5"].map(k => `${k}★ ${d.satisfaction.scores[k] || 0}`).join(" · "))))));
}

/* ---------- wiring ---------- */
function setLang(lang) {
  LANG = LANGS.includes(lang) ? lang : "tr";
  localStorage.setItem("civicdesk.lang", LANG);
  $("lang").value = LANG;
  applyI18n();
  if (S.config) { fillSelects(); renderFeed(); route(); }
}
$("lang").addEventListener("change", e => setLang(e.target.value));
$("signin").addEventListener("submit", async e => {
  e.preventDefault();
  if (await signIn($("apikey").value.trim())) { $("apikey").value = ""; location.hash = "#/feed"; route(); }
});
$("signout").addEventListener("click", signOut);
$("search").addEventListener("submit", e => { e.preventDefault(); runSearch(false); });
$("more").addEventListener("click", () => runSearch(true));
$("a-status").addEventListener("submit", async e => {
  e.preventDefault();
  const status = $("a-status-value").value;
  const r = await act("status", {status, note: $("a-status-note").value || null}, () => t("a.done_status", {s: tEnum("status", status)}));
  if (r) { $("a-status-note").value = ""; S.current.status = status; fillActions(S.current); }
});
$("a-correct").addEventListener("submit", e => {
  e.preventDefault();
  const body = {};
  for (const [k, id] of [["department", "a-c-department"], ["type", "a-c-type"], ["urgency", "a-c-urgency"]]) if ($(id).value) body[k] = $(id).value;
  act("correction", body, () => t("a.done_correct"));
});
$("a-reply").addEventListener("submit", async e => {
  e.preventDefault();
  const r = await act("reply", {text: $("a-reply-text").value, action_id: crypto.randomUUID ? crypto.randomUUID() : String(Date.now())},
                      r => t("a.done_reply", {c: tEnum("channel", r.channel)}));
  if (r) $("a-reply-text").value = "";
});
window.addEventListener("hashchange", () => route().catch(e => console.error(e)));

setLang(localStorage.getItem("civicdesk.lang") || (navigator.language || "tr").slice(0, 2));
if (S.key) signIn(S.key).then(ok => ok && route()); else route();

// OrleansLB status page: polls the admin API and puts destinations into maintenance and back
// through it. Plain DOM, no framework; every value from the API goes in as text, never as HTML.
"use strict";

(() => {
  const api = "/api/v1/dispatcher";
  const tokenKey = "orleanslb-admin-token";
  const refreshMs = 2000;
  const $ = (id) => document.getElementById(id);
  let busy = false;

  const token = () => sessionStorage.getItem(tokenKey) || "";

  function headers(json) {
    const h = { "Accept": "application/json" };
    if (json) h["Content-Type"] = "application/json";
    if (token()) h["Authorization"] = "Bearer " + token();
    return h;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
    return node;
  }

  function show(text, isError) {
    const m = $("message");
    m.hidden = !text;
    m.textContent = text || "";
    m.className = isError ? "error" : "";
  }

  async function problemText(response) {
    try {
      const p = await response.json();
      return `${response.status} ${p.title || ""}: ${p.detail || ""}`.trim();
    } catch {
      return `${response.status} ${response.statusText}`;
    }
  }

  function loadCell(d) {
    const text = d.maxLoad > 0 ? `${d.activeCalls} / ${d.maxLoad}` : `${d.activeCalls}`;
    const cell = el("td", { class: "load-cell" });
    const wrap = el("div", { class: "load" }, el("span", { class: "calls" }, text));
    if (d.maxLoad > 0) {
      const share = Math.min(1, d.activeCalls / d.maxLoad);
      const bar = el("div", { class: share >= 0.9 ? "bar high" : "bar", title: `${Math.round(share * 100)}% of maxload` });
      const fill = el("span");
      fill.style.width = `${Math.round(share * 100)}%`;
      bar.append(fill);
      wrap.append(bar);
    }
    cell.append(wrap);
    return cell;
  }

  function latencyCell(l) {
    if (!l || l.count === 0) return el("td", { class: "latency" }, "—");
    return el("td", { class: "latency", title: `avg ${l.average} ms, std ${l.standardDeviation} ms, max ${l.max} ms, ${l.count} probes` },
      `${l.estimate.toFixed(1)} ms`, l.timeouts ? el("span", { class: "detail" }, ` (${l.timeouts} timeouts)`) : "");
  }

  function row(set, d) {
    const key = d.duid || d.uri;
    const maintenance = d.state === "disabled";
    const button = el("button", { type: "button", class: "toggle", "data-action": maintenance ? "resume" : "maintenance" },
      maintenance ? "Back in service" : "Maintenance");
    button.addEventListener("click", () => setState(set.id, d, maintenance ? ((d.flagBits & 32) ? "a" : "ap") : "d"));
    const name = el("td", {}, el("div", { class: "uri" }, d.uri),
      el("div", { class: "detail" }, [d.duid ? `duid ${d.duid}` : "", d.description || ""].filter(Boolean).join(" · ")));
    return el("tr", { "data-set": String(set.id), "data-key": key },
      name,
      el("td", {}, el("span", { class: `state state-${d.state}`, title: d.state }, d.flags), " ", el("span", { class: "detail word" }, d.state)),
      el("td", { class: "priority" }, d.priority),
      loadCell(d),
      latencyCell(d.latency),
      el("td", {}, button));
  }

  function render(list) {
    const main = $("sets");
    main.replaceChildren();
    if (!list.sets.length) {
      main.append(el("p", { class: "empty" }, "No destination sets."));
      return;
    }
    for (const set of list.sets) {
      const body = el("tbody");
      for (const d of set.destinations) body.append(row(set, d));
      main.append(el("section", { "data-set": String(set.id) },
        el("h2", {}, `Set ${set.id}`, el("span", { class: "detail" }, ` · ${set.destinations.length} destination(s) · version ${set.version}`)),
        el("table", {},
          el("thead", {}, el("tr", {}, ...["Destination", "State", "Priority", "Active calls", "Latency", ""].map((h) => el("th", {}, h)))),
          body)));
    }
  }

  async function refresh() {
    if (busy) return;
    try {
      const [sets, ping] = await Promise.all([
        fetch(`${api}/sets`, { headers: headers(false), cache: "no-store" }),
        fetch(`${api}/ping-active`, { headers: headers(false), cache: "no-store" }),
      ]);
      if (!sets.ok) { show(await problemText(sets), true); return; }
      render(await sets.json());
      if (ping.ok) $("probing").textContent = (await ping.json()).active ? "probing: on" : "probing: suspended";
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
      if ($("message").classList.contains("error")) show("", false);
    } catch (e) {
      show("The silo does not answer: " + e.message, true);
    }
  }

  async function setState(setId, d, state) {
    if (!token()) { show("Enter the admin token first (Admin:Token, or ./data/admin.token on the silo).", true); $("token").focus(); return; }
    busy = true;
    try {
      const target = d.duid ? { duid: d.duid } : { uri: d.uri };
      const response = await fetch(`${api}/sets/${setId}/state`, {
        method: "POST", headers: headers(true), body: JSON.stringify({ state, ...target }),
      });
      if (!response.ok) { show(await problemText(response), true); return; }
      busy = false;
      await refresh();
      show(`Set ${setId}: ${d.duid || d.uri} is now ${state === "d" ? "in maintenance (disabled)" : "back in service"}.`, false);
    } catch (e) {
      show("The change did not reach the silo: " + e.message, true);
    } finally {
      busy = false;
    }
  }

  function tokenState() {
    $("token-state").textContent = token() ? "token set" : "no token (read-only)";
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("token-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const value = $("token").value.trim();
      if (value) sessionStorage.setItem(tokenKey, value);
      $("token").value = "";
      tokenState();
      refresh();
    });
    $("token-forget").addEventListener("click", () => { sessionStorage.removeItem(tokenKey); tokenState(); });
    tokenState();
    refresh();
    setInterval(refresh, refreshMs);
  });
})();

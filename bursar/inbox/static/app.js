// Bursar inbox: keyboard (j/k move, o/Enter open, a approve, u inbox), field <-> box highlight,
// row clicks and bulk selection. Progressive enhancement: every action also works without JS.
(function () {
  "use strict";
  const typing = (el) => el && (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable);

  function listPage() {
    const rows = Array.from(document.querySelectorAll("#items tbody tr[data-href]"));
    if (!rows.length) return null;
    let i = Math.max(0, rows.findIndex((r) => r.dataset.item === sessionStorage.getItem("bursar.current")));
    const show = () => {
      rows.forEach((r, n) => r.classList.toggle("current", n === i));
      rows[i].scrollIntoView({ block: "nearest" });
      sessionStorage.setItem("bursar.current", rows[i].dataset.item);
    };
    show();
    rows.forEach((r, n) => r.addEventListener("click", (e) => {
      if (e.target.closest("a, input, button, label")) return;
      i = n; show(); location.href = r.dataset.href;
    }));
    return {
      j: () => { i = Math.min(rows.length - 1, i + 1); show(); },
      k: () => { i = Math.max(0, i - 1); show(); },
      o: () => { location.href = rows[i].dataset.href; },
      Enter: () => { location.href = rows[i].dataset.href; },
      a: () => { location.href = rows[i].dataset.href + "#decide"; },
    };
  }

  function documentPage() {
    const head = document.querySelector(".doc-head");
    if (!head) return null;
    const go = (url) => { if (url) location.href = url; };
    // Hovering or focusing a field lights its box on the page, and the other way round.
    const light = (name, on) => document.querySelectorAll('[data-field="' + CSS.escape(name) + '"]')
      .forEach((el) => el.classList.toggle("hot", on));
    document.querySelectorAll("[data-field]").forEach((el) => {
      const name = el.dataset.field;
      el.addEventListener("mouseenter", () => light(name, true));
      el.addEventListener("mouseleave", () => light(name, false));
      el.addEventListener("focusin", () => light(name, true));
      el.addEventListener("focusout", () => light(name, false));
      if (el.classList.contains("box")) el.addEventListener("click", () => {
        const row = document.querySelector('#fields tr[data-field="' + CSS.escape(name) + '"]');
        if (row) { row.scrollIntoView({ block: "center" }); const d = row.querySelector("details"); if (d) d.open = true; }
      });
    });
    const approve = () => {
      const c = document.getElementById("approve-comment");
      if (c) { c.scrollIntoView({ block: "center" }); c.focus(); }
    };
    if (location.hash === "#decide") approve();
    return { j: () => go(head.dataset.next), k: () => go(head.dataset.prev), a: approve };
  }

  document.addEventListener("DOMContentLoaded", () => {
    const keys = listPage() || documentPage() || {};
    keys.u = () => { location.href = "/inbox"; };
    document.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) {
        // Ctrl+Enter in the approval comment submits the approval.
        if (e.key === "Enter" && e.target.id === "approve-comment") e.target.form.requestSubmit(document.getElementById("approve"));
        return;
      }
      if (typing(e.target) || e.target.tagName === "SUMMARY") return;
      const fn = keys[e.key];
      if (fn) { e.preventDefault(); fn(); }
    });
    const all = document.getElementById("select-all");
    if (all) all.addEventListener("change", () => {
      document.querySelectorAll('#items input[name="ids"]').forEach((b) => { b.checked = all.checked; });
    });
  });
})();

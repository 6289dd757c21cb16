/* connectspec compare: tabs, filter, "only where they disagree", sorting and row expansion for the
   matrix page. The page is complete without it; this only hides, reorders and reveals rows. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var views = Array.prototype.slice.call(document.querySelectorAll("section.view"));
  var tabs = Array.prototype.slice.call(document.querySelectorAll(".tabs a[data-tab]"));

  function showView(name) {
    var found = false;
    views.forEach(function (v) { if (v.id === name) found = true; });
    if (!found) name = views.length ? views[0].id : "";
    views.forEach(function (v) { v.hidden = v.id !== name; });
    tabs.forEach(function (t) {
      var on = t.getAttribute("data-tab") === name;
      t.setAttribute("aria-selected", on ? "true" : "false");
      if (on) t.setAttribute("aria-current", "page"); else t.removeAttribute("aria-current");
    });
  }

  function detailOf(row) {
    var d = row.nextElementSibling;
    return d && d.classList.contains("detail") ? d : null;
  }

  function setExpanded(row, open) {
    var button = row.querySelector("button.expand");
    var d = detailOf(row);
    if (!button || !d) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    d.hidden = !open || row.hidden;
  }

  function toggle(row) {
    var button = row.querySelector("button.expand");
    setExpanded(row, button && button.getAttribute("aria-expanded") !== "true");
  }

  // What the filter looks in: the row's id, title and level, and from its expansion the
  // requirement IDs, RFC, cases, outcomes, what the deciding checks enforce (level, requirement,
  // keyword, paraphrase), notes and reasons (not the runs' names, which every row has).
  function searchText(row) {
    var cached = row.getAttribute("data-text");
    if (cached !== null) return cached;
    var parts = [row.cells[0].textContent, row.cells[1].textContent];
    var d = detailOf(row);
    if (d) d.querySelectorAll(".meta, .oname, .cite, .note, .reason").forEach(function (el) { parts.push(el.textContent); });
    var text = parts.join(" ").toLowerCase();
    row.setAttribute("data-text", text);
    return text;
  }

  // Filtering: every word of the filter must occur in the row's text (id, title, requirement IDs,
  // outcomes, reasons).
  function apply(section) {
    var text = section.querySelector(".filter");
    var level = section.querySelector(".level-filter");
    var only = section.querySelector(".only-disagree");
    var highlight = section.querySelector(".highlight");
    var words = text ? text.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var lv = level ? level.value : "";
    var onlyDisagree = only ? only.checked : false;
    section.classList.toggle("hl", highlight ? highlight.checked : true);
    var shown = 0, total = 0;
    section.querySelectorAll("tbody.group").forEach(function (group) {
      var visible = 0;
      group.querySelectorAll("tr.row").forEach(function (row) {
        total++;
        var s = searchText(row);
        var ok = words.every(function (w) { return s.indexOf(w) >= 0; });
        if (ok && lv) ok = row.getAttribute("data-level") === lv;
        if (ok && onlyDisagree) ok = row.getAttribute("data-disagree") === "1";
        row.hidden = !ok;
        var d = detailOf(row);
        if (d) {
          var b = row.querySelector("button.expand");
          d.hidden = !ok || !b || b.getAttribute("aria-expanded") !== "true";
        }
        if (ok) visible++;
      });
      shown += visible;
      var head = group.querySelector("tr.topic");
      if (head) head.hidden = visible === 0;
    });
    var out = section.querySelector(".shown");
    if (out) out.textContent = shown === total ? total + " shown" : shown + " of " + total + " shown";
  }

  // Sorting happens inside each topic group, so groups stay together: by id (as written), by
  // level (or number of cases), or by one run's outcome, worst first then best first.
  function sortTable(table, button) {
    var key = button.getAttribute("data-sort");
    var col = parseInt(button.getAttribute("data-col") || "-1", 10);
    var dir = button.getAttribute("data-dir");
    var next = key === "id" ? null : dir === "desc" ? "asc" : dir === "asc" && key === "col" ? null : "desc";
    table.querySelectorAll("thead button.sort").forEach(function (b) { b.removeAttribute("data-dir"); });
    if (next) button.setAttribute("data-dir", next);
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    if (next) button.parentNode.setAttribute("aria-sort", next === "desc" ? "descending" : "ascending");
    table.querySelectorAll("tbody.group").forEach(function (group) {
      var rows = Array.prototype.slice.call(group.querySelectorAll("tr.row"));
      rows.sort(function (a, b) {
        var ia = +a.getAttribute("data-i"), ib = +b.getAttribute("data-i");
        if (!next) return ia - ib;
        var va, vb;
        if (key === "col") {
          va = +a.cells[col + 2].getAttribute("data-sev");
          vb = +b.cells[col + 2].getAttribute("data-sev");
        } else {
          va = +a.getAttribute("data-lrank");
          vb = +b.getAttribute("data-lrank");
          if (table.getAttribute("data-kind") === "cases") { va = -va; vb = -vb; }
        }
        if (va !== vb) return next === "desc" ? vb - va : va - vb;
        return ia - ib;
      });
      rows.forEach(function (row) {
        var d = detailOf(row);
        group.appendChild(row);
        if (d) group.appendChild(d);
      });
    });
  }

  // Rows scrolled to (links, the browser's own fragment scroll) stop below the sticky header.
  function padScrollBoxes() {
    document.querySelectorAll(".matrix-scroll").forEach(function (box) {
      var head = box.querySelector("thead");
      if (head && head.offsetHeight) box.style.scrollPaddingTop = head.offsetHeight + "px";
    });
  }

  views.forEach(function (section) {
    section.querySelectorAll("tr.row").forEach(function (row, i) { row.setAttribute("data-i", i); });
    ["input", "change"].forEach(function (ev) {
      section.querySelectorAll(".toolbar input, .toolbar select").forEach(function (el) {
        el.addEventListener(ev, function () { apply(section); });
      });
    });
    section.addEventListener("click", function (e) {
      var t = e.target;
      var sort = t.closest && t.closest("thead button.sort");
      if (sort) { sortTable(sort.closest("table"), sort); return; }
      var expand = t.closest && t.closest("button.expand");
      if (expand) { toggle(expand.closest("tr")); return; }
      // A cell without a report link shows the reasons (a tap on a touch screen has no tooltip).
      var cell = t.closest && t.closest("td.cell");
      if (cell && !t.closest("a")) toggle(cell.parentNode);
    });
    apply(section);
  });

  tabs.forEach(function (t) {
    t.addEventListener("click", function (e) {
      e.preventDefault();
      var name = t.getAttribute("data-tab");
      showView(name);
      if (history.replaceState) history.replaceState(null, "", "#" + name);
    });
  });

  // "#requirements" opens that view; "#c-<case>" or "#r-<requirement>" opens the row's view,
  // expands the row and scrolls to it.
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target || target.tagName === "SECTION") {
      showView(id);
      padScrollBoxes();
      // the browser scrolled to the section while the others were still shown
      var nav = document.querySelector(".tabs");
      if (target && nav) nav.scrollIntoView({ block: "start" });
      return;
    }
    var section = target.closest("section.view");
    if (!section) return;
    showView(section.id);
    padScrollBoxes();
    if (target.hidden) {
      section.querySelectorAll(".toolbar .filter").forEach(function (f) { f.value = ""; });
      section.querySelectorAll(".toolbar .only-disagree").forEach(function (f) { f.checked = false; });
      section.querySelectorAll(".toolbar .level-filter").forEach(function (f) { f.value = ""; });
      apply(section);
    }
    if (target.classList.contains("row")) setExpanded(target, true);
    reveal(target);
    target.classList.remove("flash");
    void target.offsetWidth;
    target.classList.add("flash");
  }
  // The page shows the whole scroll box, and the box shows the row just below its sticky header.
  function reveal(row) {
    var box = row.closest(".matrix-scroll");
    if (!box) { row.scrollIntoView({ block: "center" }); return; }
    box.scrollIntoView({ block: "end" });
    var head = box.querySelector("thead");
    box.scrollTop += row.getBoundingClientRect().top - box.getBoundingClientRect().top - (head ? head.offsetHeight : 0);
  }
  window.addEventListener("hashchange", follow);
  window.addEventListener("resize", padScrollBoxes);
  follow();
})();

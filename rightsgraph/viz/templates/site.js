/* rightsgraph casebook: search across every record's names (any alphabet, ignoring case and
   accents), pages long tables, and marks the page ready. Results are built with textContent. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  // Case- and accent-insensitive form: decompose, drop combining marks, lower-case.
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "").toLowerCase();
  }

  var entries = (window.rightsgraphIndex || []).map(function (item) {
    // item: [name, href, type, alias?]
    return { name: item[0], href: item[1], type: item[2], alias: item[3] || "", key: fold(item[3] || item[0]) };
  });
  var MAX_RESULTS = 25;
  var input = document.getElementById("rg-site-search");
  var list = document.getElementById("rg-site-results");
  var status = document.getElementById("rg-site-search-status");
  if (input && list) {
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!query) { status.textContent = ""; return; }
      var seen = {}, hits = [];
      entries.forEach(function (entry) {
        if (entry.key.indexOf(query) >= 0 && !seen[entry.href]) {
          seen[entry.href] = true;
          hits.push(entry);
        }
      });
      hits.sort(function (a, b) { return (a.key.indexOf(query) - b.key.indexOf(query)) || a.name.localeCompare(b.name); });
      hits.slice(0, MAX_RESULTS).forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + hit.href;
        link.textContent = hit.name;
        item.appendChild(link);
        if (hit.alias && hit.alias !== hit.name) {
          var alias = document.createElement("span");
          alias.className = "rg-muted";
          alias.textContent = " (" + hit.alias + ")";
          item.appendChild(alias);
        }
        var type = document.createElement("span");
        type.className = "rg-kind";
        type.textContent = hit.type;
        item.appendChild(type);
        list.appendChild(item);
      });
      status.textContent = hits.length > MAX_RESULTS ? "first " + MAX_RESULTS + " of " + hits.length + " found" : hits.length + " found";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && list.firstChild) { window.location.href = list.firstChild.firstChild.href; }
      if (event.key === "Escape") { input.value = ""; input.dispatchEvent(new Event("input")); }
    });
  }

  // Long tables: 15 rows at a time with previous / next (every row stays in the page without script).
  var PAGE = 15;
  Array.prototype.forEach.call(document.querySelectorAll("table.rg-paged"), function (table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (rows.length <= PAGE) { return; }
    var page = 0, pages = Math.ceil(rows.length / PAGE);
    var bar = document.createElement("div");
    bar.className = "rg-pager";
    var prev = document.createElement("button"), next = document.createElement("button"), label = document.createElement("span");
    prev.type = next.type = "button";
    prev.textContent = "← previous";
    next.textContent = "next →";
    function show() {
      rows.forEach(function (row, index) { row.hidden = Math.floor(index / PAGE) !== page; });
      label.textContent = "rows " + (page * PAGE + 1) + "–" + Math.min(rows.length, (page + 1) * PAGE) + " of " + rows.length;
      prev.disabled = page === 0;
      next.disabled = page === pages - 1;
    }
    prev.addEventListener("click", function () { page -= 1; show(); });
    next.addEventListener("click", function () { page += 1; show(); });
    bar.appendChild(prev); bar.appendChild(label); bar.appendChild(next);
    var wrap = table.parentNode.classList.contains("rg-table-wrap") ? table.parentNode : table;
    wrap.parentNode.insertBefore(bar, wrap.nextSibling);
    show();
  });

  // A page with a network is ready when the network is drawn (network.js says so).
  if (!document.getElementById("rg-data")) { document.body.setAttribute("data-ready", "1"); }
}());

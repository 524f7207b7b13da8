/* rightsgraph network view: reads the page's JSON data, builds tooltips as DOM (textContent only),
   draws with vis-network, stops the physics once stable, and offers a search box, kinds that the
   legend toggles, a date range that hides events outside it, and nodes that open their pages. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rg-data").textContent);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function sourceList(box, sources) {
    if (!sources.length) { return; }
    box.appendChild(el("div", "rg-tip-heading", sources.length === 1 ? "Source" : "Sources"));
    var list = el("ul");
    sources.forEach(function (source) { list.appendChild(el("li", null, source)); });
    box.appendChild(list);
  }

  function nodeTip(node) {
    var box = el("div", "rg-tip");
    box.appendChild(el("strong", null, node.label));
    box.appendChild(el("div", "rg-tip-type", node.info.type));
    Object.keys(node.info.facts).forEach(function (key) {
      box.appendChild(el("div", null, key + ": " + node.info.facts[key].join("; ")));
    });
    node.info.links.forEach(function (link) { box.appendChild(el("div", "rg-tip-link", "same as " + link)); });
    sourceList(box, node.info.sources);
    return box;
  }

  function edgeTip(edge) {
    var box = el("div", "rg-tip");
    box.appendChild(el("strong", null, edge.label || edge.info.label));
    sourceList(box, edge.info.sources);
    return box;
  }

  data.nodes.forEach(function (node) { node.title = nodeTip(node); });
  data.edges.forEach(function (edge) { edge.title = edgeTip(edge); });

  var container = document.getElementById("rg-network");
  var nodeSet = new vis.DataSet(data.nodes);
  var network = new vis.Network(container, {
    nodes: nodeSet,
    edges: new vis.DataSet(data.edges)
  }, data.options);
  var view = window.rightsgraphView = {
    network: network, nodeCount: data.nodes.length, edgeCount: data.edges.length, ready: false
  };

  function ready() {
    if (view.ready) { return; }
    view.ready = true;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    // fit() counts the wide labels of large nodes and can leave the records off-centre; centre
    // on the records themselves, and do not blow a few records up until labels leave the canvas.
    var positions = network.getPositions(), ids = Object.keys(positions);
    if (ids.length) {
      var xs = ids.map(function (id) { return positions[id].x; }), ys = ids.map(function (id) { return positions[id].y; });
      network.moveTo({
        position: { x: (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2, y: (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2 },
        scale: Math.min(network.getScale(), 0.9), animation: false
      });
    }
    document.body.setAttribute("data-ready", "1");
  }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", ready);
  } else {
    network.once("afterDrawing", ready);
  }

  // A click on a record opens its page (the href is relative to this page, built by the site).
  var hrefs = {};
  data.nodes.forEach(function (node) { if (node.href) { hrefs[node.id] = node.href; } });
  network.on("click", function (params) {
    if (params.nodes.length === 1 && hrefs[params.nodes[0]]) {
      window.location.href = hrefs[params.nodes[0]];
    }
  });

  // Hiding: a node is hidden when its kind is switched off or it lies outside the date range.
  var hiddenKinds = {};
  var range = { from: null, to: null };
  function outsideRange(node) {
    if (!node.years) { return false; }
    return (range.from !== null && node.years[1] < range.from) || (range.to !== null && node.years[0] > range.to);
  }
  function applyHiding() {
    var hiddenByDate = 0;
    nodeSet.update(data.nodes.map(function (node) {
      var dated = outsideRange(node);
      if (dated) { hiddenByDate += 1; }
      return { id: node.id, hidden: Boolean(hiddenKinds[node.group]) || dated };
    }));
    view.hiddenByDate = hiddenByDate;
    var dateStatus = document.getElementById("rg-date-status");
    if (dateStatus) { dateStatus.textContent = hiddenByDate ? hiddenByDate + " hidden" : ""; }
  }
  view.applyHiding = applyHiding;
  Array.prototype.forEach.call(document.querySelectorAll(".rg-kind-toggle"), function (button) {
    button.addEventListener("click", function () {
      var kind = button.getAttribute("data-kind");
      hiddenKinds[kind] = !hiddenKinds[kind];
      button.setAttribute("aria-pressed", hiddenKinds[kind] ? "false" : "true");
      applyHiding();
    });
  });
  var years = [];
  data.nodes.forEach(function (node) { if (node.years) { years.push(node.years[0], node.years[1]); } });
  var dates = document.getElementById("rg-dates");
  if (dates && years.length) {
    var first = Math.min.apply(null, years), last = Math.max.apply(null, years);
    var from = document.getElementById("rg-date-from"), to = document.getElementById("rg-date-to");
    from.min = to.min = String(first); from.max = to.max = String(last);
    from.value = String(first); to.value = String(last);
    dates.hidden = false;
    var onRange = function () {
      var a = parseInt(from.value, 10), b = parseInt(to.value, 10);
      range.from = isNaN(a) ? null : a;
      range.to = isNaN(b) ? null : b;
      applyHiding();
    };
    from.addEventListener("input", onRange);
    to.addEventListener("input", onRange);
    from.addEventListener("change", onRange);
    to.addEventListener("change", onRange);
  }

  var input = document.getElementById("rg-search");
  var status = document.getElementById("rg-search-status");
  if (input) input.addEventListener("input", function () {
    var query = input.value.trim().toLowerCase();
    if (!query) { network.unselectAll(); status.textContent = ""; return; }
    var ids = data.nodes.filter(function (node) {
      return node.label.toLowerCase().indexOf(query) >= 0;
    }).map(function (node) { return node.id; });
    network.selectNodes(ids);
    status.textContent = ids.length === 1 ? "1 found" : ids.length + " found";
    if (ids.length) { network.fit({ nodes: ids, animation: false }); }
  });
}());

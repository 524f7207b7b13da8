/* rightsgraph network view: reads the page's JSON data, builds tooltips as DOM (textContent only),
   draws with vis-network, stops the physics once stable, and offers a search box. */
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
    box.appendChild(el("strong", null, edge.label));
    sourceList(box, edge.info.sources);
    return box;
  }

  data.nodes.forEach(function (node) { node.title = nodeTip(node); });
  data.edges.forEach(function (edge) { edge.title = edgeTip(edge); });

  var container = document.getElementById("rg-network");
  var network = new vis.Network(container, {
    nodes: new vis.DataSet(data.nodes),
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
    document.body.setAttribute("data-ready", "1");
  }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", ready);
  } else {
    network.once("afterDrawing", ready);
  }

  var input = document.getElementById("rg-search");
  var status = document.getElementById("rg-search-status");
  input.addEventListener("input", function () {
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

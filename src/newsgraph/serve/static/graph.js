// The meeting graph of /graph: fetched as JSON (the page's filters), laid out and drawn by
// Cytoscape.js (its "cose" force-directed layout, node boxes including their labels). A label
// that would overlap another label or a node is hidden until its node is hovered, the most
// connected names first, so the labels shown never overlap. Clicking a name opens its entity
// page; clicking a line lists the events behind it with their articles. Text is set with
// textContent only (names are data, never markup).
"use strict";
(function () {
  const box = document.getElementById("graph");
  const panel = document.getElementById("graph-panel");
  if (!box || typeof cytoscape !== "function") return;
  const COLOURS = { PERSON: "#2f6fb0", ORG: "#b0562f", NORP: "#8a6d3b", GPE: "#3c8c3c" };

  function link(href, text) {
    const a = document.createElement("a");
    if (typeof href === "string" && href.startsWith("/")) a.setAttribute("href", href);
    a.textContent = text;
    return a;
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // Hide every label that would overlap a label already shown or another node's circle.
  function declutter(cy) {
    const shown = [];
    const bodies = cy.nodes().map((n) => [n.id(), n.boundingBox({ includeLabels: false })]);
    const ranked = cy.nodes().sort((a, b) => b.data("events") - a.data("events"));
    ranked.forEach((n) => {
      const box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      const clash = shown.some((b) => overlaps(box, b)) ||
        bodies.some(([id, b]) => id !== n.id() && overlaps(box, b));
      if (clash) n.addClass("quiet");
      else shown.push(box);
    });
  }

  function showEdge(edge) {
    const e = edge.data("edge");
    const cy = edge.cy();
    panel.replaceChildren();
    const h = document.createElement("h2");
    h.append(link(cy.getElementById(e.source).data("href"), cy.getElementById(e.source).data("name")),
      " — ", link(cy.getElementById(e.target).data("href"), cy.getElementById(e.target).data("name")));
    const count = document.createElement("p");
    count.className = "count";
    count.textContent = e.events + " event(s), " + e.sources + " source(s)";
    const list = document.createElement("ol");
    e.meetings.forEach((m) => {
      const li = document.createElement("li");
      li.append(link(m.href, (m.time || "undated") + " · " + m.sources + " source(s)"));
      const articles = document.createElement("ul");
      (m.articles || []).forEach((a) => {
        const item = document.createElement("li");
        item.append(link(a.href, a.title));
        articles.append(item);
      });
      li.append(articles);
      list.append(li);
    });
    panel.append(h, count, list);
  }

  function draw(g) {
    if (!g.nodes.length) {
      box.hidden = true;
      panel.hidden = true;
      return;
    }
    const most = Math.max(...g.nodes.map((n) => n.events));
    const elements = g.nodes.map((n) => ({
      data: { id: n.id, name: n.name, href: n.href, events: n.events,
              colour: COLOURS[n.type] || "#777", size: 12 + 28 * Math.sqrt(n.events / most) },
    })).concat(g.edges.map((e, i) => ({
      data: { id: "e" + i, source: e.source, target: e.target, width: Math.min(1 + e.events, 10), edge: e },
    })));
    const cy = cytoscape({
      container: box,
      elements: elements,
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          label: "data(name)", "font-size": 13, "font-family": "system-ui, sans-serif",
          "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff",
          "text-outline-width": 2, color: "#222", "min-zoomed-font-size": 6 } },
        { selector: "node.quiet", style: { "text-opacity": 0 } },
        { selector: "node.quiet:active, node.quiet.hover", style: { "text-opacity": 1, "z-index": 9 } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "#9aa5b1", opacity: 0.7, "curve-style": "haystack" } },
        { selector: "edge.hover, edge:selected", style: { "line-color": "#c2185b", opacity: 1 } },
      ],
      layout: { name: "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 16,
                idealEdgeLength: function () { return 40; }, nodeRepulsion: function () { return 4000; },
                componentSpacing: 30, gravity: 2, numIter: 2500, randomize: true },
    });
    declutter(cy);
    cy.on("mouseover", "node, edge", (ev) => ev.target.addClass("hover"));
    cy.on("mouseout", "node, edge", (ev) => ev.target.removeClass("hover"));
    cy.on("tap", "node", (ev) => {
      const href = ev.target.data("href");
      if (typeof href === "string" && href.startsWith("/")) window.location.assign(href);
    });
    cy.on("tap", "edge", (ev) => showEdge(ev.target));
    window.newsgraphGraph = cy;
    box.dataset.ready = "true";
  }

  fetch(box.dataset.src, { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then(draw)
    .catch((err) => { box.dataset.error = String(err); });
})();

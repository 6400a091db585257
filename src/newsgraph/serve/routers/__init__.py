"""One router per resource: extract, articles, entities, facts (quotes, events, search,
graph, stats), and the server-rendered pages."""

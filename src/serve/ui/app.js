// factgraph web UI: a query editor over /sparql, and three views built from canned queries
// (timeline, disputes) or from a CONSTRUCT (an entity's neighbourhood). No dependencies.
'use strict';

// The bundled corpus's namespaces until /api/prefixes gives the served project's.
let KB = 'https://w3id.org/factgraph/karabakh/id/';
const PREFIXES = {
  'kb:': KB,
  'fg:': 'https://w3id.org/factgraph/ontology#',
  'claim:': 'https://w3id.org/factgraph/karabakh/claim/',
  'doc:': 'https://w3id.org/factgraph/karabakh/doc/',
  'wd:': 'http://www.wikidata.org/entity/',
  'dbr:': 'http://dbpedia.org/resource/',
  'rdf:': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'rdfs:': 'http://www.w3.org/2000/01/rdf-schema#',
  'owl:': 'http://www.w3.org/2002/07/owl#',
  'skos:': 'http://www.w3.org/2004/02/skos/core#',
};
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const $ = (id) => document.getElementById(id);
let canned = {};

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function shorten(iri) {
  for (const [prefix, namespace] of Object.entries(PREFIXES)) {
    if (iri.startsWith(namespace)) return prefix + iri.slice(namespace.length);
  }
  return iri;
}

/// Whether an IRI is a web address: only those become links, since a click on another
/// scheme (`javascript:`, `data:`) runs or opens something.
function isWebIri(iri) {
  return /^https?:/i.test(iri);
}

/// A result term as a cell: our entities link to their pages, documents to theirs, other
/// web addresses to themselves; anything else is text.
function termNode(term) {
  if (!term) return document.createTextNode('');
  if (term.type === 'uri') {
    if (term.value.startsWith(KB)) {
      return el('a', { href: '/id/' + term.value.slice(KB.length), text: shorten(term.value) });
    }
    if (term.value.startsWith(PREFIXES['doc:'])) {
      return el('a', { href: '/doc/' + term.value.slice(PREFIXES['doc:'].length), text: shorten(term.value) });
    }
    if (isWebIri(term.value)) {
      return el('a', { href: term.value, text: shorten(term.value), class: 'external' });
    }
    return el('code', { text: term.value });
  }
  return document.createTextNode(term.value);
}

async function sparql(query, accept) {
  const response = await fetch('/sparql', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams({ query }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.trim()}`);
  return { contentType: response.headers.get('content-type') || '', body };
}

async function select(query) {
  const { body } = await sparql(query, 'application/sparql-results+json');
  return JSON.parse(body);
}

// ---- Query tab -------------------------------------------------------------------------

function renderTable(head, rows) {
  const table = el('table', { class: 'results' });
  // A column of long text (quotes, sentences) gets room to read; the others keep a word a line.
  const long = head.map((_, i) => {
    const lengths = rows.map((row) => (row[i].textContent || '').length).filter((n) => n > 0);
    return lengths.length > 0 && lengths.reduce((a, b) => a + b, 0) / lengths.length > 40;
  });
  table.append(el('thead', {}, el('tr', {}, ...head.map((v, i) => el('th', { text: v, ...(long[i] ? { class: 'long' } : {}) })))));
  const body = el('tbody');
  for (const row of rows) body.append(el('tr', {}, ...row.map((cell) => el('td', {}, cell))));
  table.append(body);
  return table;
}

/// N-Triples, one triple per line, as {s, p, o} terms shaped like SPARQL JSON results.
function parseNTriples(text) {
  const term = (t) => {
    if (t.startsWith('<')) return { type: 'uri', value: t.slice(1, -1) };
    if (t.startsWith('_:')) return { type: 'bnode', value: t };
    const end = t.lastIndexOf('"');
    return { type: 'literal', value: JSON.parse(t.slice(0, end + 1)) };
  };
  const triples = [];
  for (const line of text.split('\n')) {
    const match = line.match(/^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(.*\S)\s*\.\s*$/);
    if (match) triples.push({ s: term(match[1]), p: { type: 'uri', value: match[2] }, o: term(match[3]) });
  }
  return triples;
}

async function run() {
  const query = $('editor').value;
  const status = $('status');
  status.className = '';
  status.textContent = 'running…';
  $('results').replaceChildren();
  $('result-graph').hidden = true;
  $('result-links').hidden = true;
  // The address holds the query, so a copy of it runs the same query.
  const permalink = '#query=' + encodeURIComponent(query);
  history.replaceState(null, '', permalink);
  $('permalink').href = permalink;
  const started = performance.now();
  try {
    const { contentType, body } = await sparql(query, 'application/sparql-results+json, application/n-triples;q=0.9');
    const took = `${Math.round(performance.now() - started)} ms`;
    if (contentType.startsWith('application/n-triples')) {
      const triples = parseNTriples(body);
      status.textContent = `${triples.length} triples · ${took}`;
      $('results').append(renderTable(['subject', 'predicate', 'object'],
        triples.map((t) => [termNode(t.s), termNode(t.p), termNode(t.o)])));
      drawGraph($('result-graph'), triples, null);
      $('result-graph').hidden = false;
      offerDownloads(query, true);
      return;
    }
    const json = JSON.parse(body);
    if ('boolean' in json) {
      status.textContent = `${json.boolean} · ${took}`;
      return;
    }
    const vars = json.head.vars;
    const rows = json.results.bindings;
    status.textContent = `${rows.length} rows · ${took}`;
    $('results').append(renderTable(vars, rows.map((b) => vars.map((v) => termNode(b[v])))));
    offerDownloads(query, false);
  } catch (error) {
    status.className = 'error';
    status.textContent = error.message;
  }
}

/// The CSV and JSON links: each asks the endpoint again in that format and saves the answer.
/// A graph (CONSTRUCT, DESCRIBE) saves as Turtle and JSON-LD.
function offerDownloads(query, graph) {
  const formats = graph
    ? [['download-csv', 'text/turtle', 'results.ttl', 'Turtle'], ['download-json', 'application/ld+json', 'results.jsonld', 'JSON-LD']]
    : [['download-csv', 'text/csv', 'results.csv', 'CSV'], ['download-json', 'application/sparql-results+json', 'results.json', 'JSON']];
  for (const [id, accept, name, label] of formats) {
    const link = $(id);
    link.textContent = label;
    link.download = name;
    link.onclick = async (event) => {
      event.preventDefault();
      const { contentType, body } = await sparql(query, accept);
      const save = el('a', { href: URL.createObjectURL(new Blob([body], { type: contentType })), download: name });
      document.body.append(save);
      save.click();
      save.remove();
    };
  }
  $('result-links').hidden = false;
}

// The project's own kb:, doc: and claim: namespaces (factgraph.toml's base IRI).
async function loadPrefixes() {
  const response = await fetch('/api/prefixes').catch(() => null);
  if (!response || !response.ok) return;
  const prefixes = await response.json();
  for (const prefix of ['kb:', 'doc:', 'claim:']) {
    if (typeof prefixes[prefix] === 'string') PREFIXES[prefix] = prefixes[prefix];
  }
  KB = PREFIXES['kb:'];
}

async function loadCanned() {
  const response = await fetch('/api/queries');
  const queries = response.ok ? await response.json() : [];
  const list = $('canned-list');
  for (const query of queries) {
    canned[query.name] = query.text;
    const button = el('button', { text: query.name, 'data-query': query.name });
    button.addEventListener('click', () => {
      $('editor').value = query.text;
      run();
    });
    list.append(el('li', {}, button, el('p', { text: query.description.split('\n')[0] })));
  }
}

// ---- Timeline tab ----------------------------------------------------------------------

const TIMELINE_FALLBACK = `SELECT ?date ?event ?label ?property ?document ?attributedTo ?quote WHERE {
  VALUES ?p { fg:date fg:startDate fg:endDate }
  GRAPH ?claim { ?event ?p ?date }
  ?claim fg:statedIn/dcterms:identifier ?document ; fg:quote ?quote .
  ?event rdfs:label ?label .
  OPTIONAL { ?claim fg:attributedTo/rdfs:label ?attributedTo }
  BIND(STRAFTER(STR(?p), "#") AS ?property)
} ORDER BY STR(?date) ?label ?document`;

/// How a claim was made, when a rule made it: "automatic · 0.85 (rule:event-date)"; else null.
function ruleBasis(method, confidence) {
  if (!method || !method.value.startsWith('rule:')) return null;
  const c = confidence ? ' · ' + Number(confidence.value).toFixed(2) : '';
  return `automatic${c} (${method.value})`;
}

function basisNode(text) {
  return el('span', { class: 'basis', text });
}

function colours(values) {
  const map = new Map();
  for (const value of values) if (!map.has(value)) map.set(value, PALETTE[map.size % PALETTE.length]);
  return map;
}

/// Every document's title by its identifier.
async function documentTitles() {
  const json = await select(`SELECT ?id ?title WHERE {
    ?d a fg:Document ; dcterms:identifier ?id . OPTIONAL { ?d dcterms:title ?title } }`);
  return new Map(json.results.bindings.map((b) => [b.id.value, b.title ? b.title.value : b.id.value]));
}

/// The first and last day a date (YYYY, YYYY-MM or YYYY-MM-DD) covers, as comparable text.
function dateSpan(text) {
  const parts = text.trim().split('-');
  if (!/^\d{4}$/.test(parts[0] || '')) return null;
  const first = [parts[0], parts[1] || '01', parts[2] || '01'].join('-');
  const last = [parts[0], parts[1] || '12', parts[2] || '31'].join('-');
  return [first, last];
}

/// Shows the timeline items within the filters: dates that overlap the period (at their own
/// precision, as `factgraph timeline` keeps them), one document, an entity's name.
function filterTimeline() {
  const from = dateSpan($('timeline-from').value);
  const to = dateSpan($('timeline-to').value);
  const documentId = $('timeline-document').value;
  const entity = $('timeline-entity').value.trim().toLowerCase();
  let shown = 0;
  for (const item of $('timeline-list').children) {
    const span = dateSpan(item.dataset.date);
    const keep = (!from || (span && span[1] >= from[0]))
      && (!to || (span && span[0] <= to[1]))
      && (!documentId || item.dataset.document === documentId)
      && (!entity || item.dataset.entity.toLowerCase().includes(entity));
    item.hidden = !keep;
    if (keep) shown++;
  }
  $('timeline-count').textContent = `${shown} of ${$('timeline-list').childElementCount} shown`;
}

async function showTimeline() {
  const list = $('timeline-list');
  if (list.childElementCount) return;
  const [json, titles] = await Promise.all([select(canned.timeline || TIMELINE_FALLBACK), documentTitles()]);
  const rows = json.results.bindings;
  const colour = colours(rows.map((r) => r.document.value).sort());
  const title = (doc) => titles.get(doc) || doc;
  $('timeline-legend').replaceChildren(...[...colour].map(([doc, c]) =>
    el('span', {}, el('span', { class: 'chip', style: `background:${c}` }), el('a', { href: '/doc/' + encodeURIComponent(doc), text: title(doc) }))));
  $('timeline-document').replaceChildren(el('option', { value: '', text: 'all' }),
    ...[...colour.keys()].map((doc) => el('option', { value: doc, text: title(doc) })));
  for (const row of rows) {
    const doc = row.document.value;
    const item = el('li', { title: row.quote.value, 'data-document': doc, 'data-date': row.date.value, 'data-entity': row.label.value },
      el('span', { class: 'chip', style: `background:${colour.get(doc)}` }),
      el('time', { text: row.date.value }),
      termNode({ type: 'uri', value: row.event.value }),
      document.createTextNode(` ${row.property.value === 'date' ? '' : '(' + row.property.value + ')'} `),
      el('span', { class: 'source', text: title(doc) + (row.attributedTo ? ', attributed to ' + row.attributedTo.value : '') }));
    item.querySelector('a').textContent = row.label.value;
    const basis = ruleBasis(row.method, row.confidence);
    if (basis) {
      item.classList.add('automatic');
      item.append(basisNode(basis));
    }
    list.append(item);
  }
  filterTimeline();
}

// ---- Disputes tab ----------------------------------------------------------------------

/// The rows of a canned query that lists claims of disputes or agreements, a card per `key`.
function cards(rows, key) {
  const byNode = new Map();
  for (const row of rows) {
    const node = row[key].value;
    if (!byNode.has(node)) byNode.set(node, []);
    byNode.get(node).push(row);
  }
  return [...byNode.values()];
}

/// One claim of a dispute or agreement: what it states, where, according to whom, the quote.
function sideNode(row, value) {
  const basis = ruleBasis(row.method, row.confidence);
  const docId = row.doc.value.slice(row.doc.value.lastIndexOf('/') + 1);
  const source = el('div', { class: 'source' },
    el('a', { href: '/doc/' + encodeURIComponent(docId), text: row.document.value }));
  const more = Number(row.documents ? row.documents.value : 1) - 1;
  if (more > 0) source.append(document.createTextNode(` and ${more} more document${more === 1 ? '' : 's'}`));
  if (row.source) source.append(document.createTextNode(', according to ' + row.source.value));
  return el('div', { class: basis ? 'side automatic' : 'side' },
    el('div', { class: 'value' }, document.createTextNode(value), ...(basis ? [basisNode(basis)] : [])),
    source,
    el('blockquote', { text: row.quote.value }));
}

/// Shows the subject's label on the card's link to it.
function labelLink(card, label) {
  const link = card.querySelector('h3 a');
  if (link) link.textContent = label;
}

async function showDisputes() {
  const target = $('disputes-list');
  if (target.childElementCount || !canned.disputes) {
    if (!canned.disputes) target.textContent = 'This server has no disputes query (serve a project to get one).';
    return;
  }
  const json = await select(canned.disputes);
  for (const sides of cards(json.results.bindings, 'dispute')) {
    const first = sides[0];
    const curated = sides.filter((row) => !ruleBasis(row.method, row.confidence)).length;
    const heading = [first.property.value, first.kind.value, ...(first.group ? [first.group.value] : [])].join(' · ');
    target.append(el('article', { class: curated < 2 ? 'dispute automatic' : 'dispute' },
      el('h3', {}, termNode(first.s), document.createTextNode(` · ${heading}`)),
      el('div', { class: 'sides' }, ...sides.map((row) => sideNode(row, row.stated.value)))));
    labelLink(target.lastChild, first.subject.value);
  }
  if (!canned.agreements) return;
  const agreed = await select(canned.agreements);
  const list = $('agreements-list');
  const table = el('table', { class: 'agreements' },
    el('tr', {}, ...['', 'property', 'value', 'documents', 'independent', 'published by'].map((h) => el('th', { text: h }))));
  for (const rows of cards(agreed.results.bindings, 'corroboration')) {
    const first = rows[0];
    const value = first.agreed.value + (first.group ? ` (${first.group.value})` : '');
    const publishers = rows.filter((row) => row.publisher).map((row) => row.publisher.value).join('; ');
    const curated = Number(first.curatedDocuments.value);
    const documents = `${first.documents.value}` + (curated < Number(first.documents.value) ? ` (${curated} curated)` : '');
    const subject = el('td', {}, termNode(first.s));
    const link = subject.querySelector('a');
    if (link) link.textContent = first.subject.value;
    table.append(el('tr', { class: curated < 2 ? 'agreement automatic' : 'agreement' },
      subject, el('td', { text: first.property.value }), el('td', { text: value }),
      el('td', { text: documents }), el('td', { text: first.independent.value }), el('td', { text: publishers })));
  }
  list.append(table);
}

// ---- Graph view ------------------------------------------------------------------------

/// Lays out the IRIs of `triples` with a small force simulation and draws them into `svg`.
function drawGraph(svg, triples, centre) {
  const links = triples.filter((t) => t.o.type === 'uri' && t.p.value !== PREFIXES['rdf:'] + 'type');
  const ids = [...new Set(links.flatMap((t) => [t.s.value, t.o.value]))].slice(0, 150);
  const index = new Map(ids.map((id, i) => [id, i]));
  const width = svg.clientWidth || 900;
  const height = svg.clientHeight || 560;
  const nodes = ids.map((id, i) => ({
    id,
    x: width / 2 + Math.cos(i) * (50 + i * 3),
    y: height / 2 + Math.sin(i) * (50 + i * 3),
    dx: 0,
    dy: 0,
  }));
  const edges = links.filter((t) => index.has(t.s.value) && index.has(t.o.value))
    .map((t) => ({ a: nodes[index.get(t.s.value)], b: nodes[index.get(t.o.value)], label: shorten(t.p.value) }));
  for (let step = 0; step < 300; step++) {
    for (const n of nodes) { n.dx = (width / 2 - n.x) * 0.003; n.dy = (height / 2 - n.y) * 0.003; }
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        const dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 1);
        const f = 30000 / d2;
        a.dx += dx * f / Math.sqrt(d2); a.dy += dy * f / Math.sqrt(d2);
        b.dx -= dx * f / Math.sqrt(d2); b.dy -= dy * f / Math.sqrt(d2);
      }
    }
    for (const e of edges) {
      // A spring of rest length 160.
      const dx = e.b.x - e.a.x, dy = e.b.y - e.a.y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const pull = (d - 160) * 0.05 / d;
      e.a.dx += dx * pull; e.a.dy += dy * pull; e.b.dx -= dx * pull; e.b.dy -= dy * pull;
    }
    for (const n of nodes) {
      n.x = Math.min(width - 20, Math.max(20, n.x + Math.max(-10, Math.min(10, n.dx))));
      n.y = Math.min(height - 20, Math.max(20, n.y + Math.max(-10, Math.min(10, n.dy))));
    }
  }
  const ns = 'http://www.w3.org/2000/svg';
  const make = (tag, attributes) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    return node;
  };
  svg.replaceChildren();
  // Labels are placed one by one where they overlap no label placed before: a node's label
  // beside, above or below its node, else shown on hover only; an edge's label at its middle,
  // else on hover only.
  const placed = [];
  const free = (box) => box.x >= 0 && box.x + box.w <= width && box.y >= 0 && box.y + box.h <= height
    && placed.every((p) => box.x + box.w <= p.x || p.x + p.w <= box.x || box.y + box.h <= p.y || p.y + p.h <= box.y);
  const lines = svg.appendChild(make('g', { class: 'edges' }));
  const texts = make('g', { class: 'labels' });
  const nodeLabels = [];
  for (const n of nodes) {
    const href = n.id.startsWith(KB) ? '/id/' + n.id.slice(KB.length) : isWebIri(n.id) ? n.id : null;
    const group = href === null ? make('g', {}) : make('a', { href });
    group.append(make('circle', { cx: n.x, cy: n.y, r: n.id === centre ? 7 : 5, class: n.id === centre ? 'centre node' : 'node' }));
    const tip = make('title', {});
    tip.textContent = shorten(n.id);
    group.append(tip);
    svg.append(group);
    nodeLabels.push([n, group, shorten(n.id).replace(/^kb:/, '')]);
    placed.push({ x: n.x - 6, y: n.y - 6, w: 12, h: 12 });
  }
  // The centre's label first, then the others.
  nodeLabels.sort((a, b) => (b[0].id === centre) - (a[0].id === centre));
  for (const [n, group, name] of nodeLabels) {
    const w = name.length * 6.2 + 2, h = 12;
    const spots = [[9, -h / 2], [-9 - w, -h / 2], [-w / 2, -8 - h], [-w / 2, 8]];
    const spot = spots.map(([dx, dy]) => ({ x: n.x + dx, y: n.y + dy, w, h })).find(free);
    if (!spot) continue;
    placed.push(spot);
    const text = make('text', { x: spot.x, y: spot.y + h - 2 });
    text.textContent = name;
    group.append(text);
  }
  for (const e of edges) {
    const line = make('line', { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y });
    const name = e.label.replace(/^fg:/, '');
    const tip = make('title', {});
    tip.textContent = name;
    line.append(tip);
    lines.append(line);
    const w = name.length * 5 + 2, h = 10;
    const box = { x: (e.a.x + e.b.x) / 2 - w / 2, y: (e.a.y + e.b.y) / 2 - h / 2, w, h };
    if (!free(box)) continue;
    placed.push(box);
    const label = make('text', { x: box.x, y: box.y + h - 2, class: 'edge-label' });
    label.textContent = name;
    texts.append(label);
  }
  svg.append(texts);
}

async function showNeighbourhood(slug) {
  const iri = `<${KB}${slug}>`;
  // With "curated only", a link stays when some graph that is not a rule-made claim states it.
  const curated = (s, p, o) => $('curated-only').checked
    ? `FILTER EXISTS { GRAPH ?g { ${s} ${p} ${o} } FILTER NOT EXISTS { ?g fg:method ?m FILTER(STRSTARTS(STR(?m), "rule:")) } }`
    : '';
  const query = `CONSTRUCT { ${iri} ?p ?o . ?s ?q ${iri} } WHERE {
    { ${iri} ?p ?o FILTER(isIRI(?o) && ?p != owl:sameAs) ${curated(iri, '?p', '?o')} }
    UNION { ?s ?q ${iri} FILTER(?q != fg:mentionOf && ?q != fg:mentions) ${curated('?s', '?q', iri)} }
  }`;
  const { body } = await sparql(query, 'application/n-triples');
  drawGraph($('graph-view'), parseNTriples(body), KB + slug);
}

// ---- Entity search -----------------------------------------------------------------------

/// Entities whose label or alias holds `text` (any case), as the search box lists them.
async function findEntities(text) {
  const json = await select(`SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?n) AS ?name) WHERE {
    ?e rdfs:label|skos:altLabel ?n .
    FILTER(STRSTARTS(STR(?e), ${JSON.stringify(KB)}) && CONTAINS(LCASE(STR(?n)), ${JSON.stringify(text.toLowerCase())}))
    ?e rdfs:label ?l .
  } GROUP BY ?e ORDER BY LCASE(SAMPLE(?l)) LIMIT 12`);
  return json.results.bindings.map((b) => ({ slug: b.e.value.slice(KB.length), label: b.label.value, name: b.name.value }));
}

let searching = 0;
async function suggest() {
  const text = $('entity-search-input').value.trim();
  const list = $('entity-suggestions');
  const mine = ++searching;
  if (text.length < 2) { list.hidden = true; return; }
  const found = await findEntities(text).catch(() => []);
  if (mine !== searching) return; // a later keystroke asked again
  list.replaceChildren(...found.map((entity) => el('li', {},
    el('a', { href: '/id/' + entity.slug, text: entity.label },
      ...(entity.name !== entity.label ? [el('span', { class: 'meta', text: ` (${entity.name})` })] : [])))));
  if (!found.length) list.append(el('li', { class: 'meta', text: 'no entity by that name' }));
  list.hidden = false;
}

// ---- Wiring ----------------------------------------------------------------------------

function showTab(name) {
  for (const button of document.querySelectorAll('button.tab')) button.classList.toggle('active', button.dataset.tab === name);
  for (const panel of document.querySelectorAll('.panel')) panel.hidden = panel.id !== name;
  const shown = { timeline: showTimeline, disputes: showDisputes, graph: () => showNeighbourhood($('graph-entity').value.trim()) }[name];
  if (shown) shown().catch((error) => { document.getElementById(name).append(el('p', { class: 'error', text: error.message })); });
}

$('curated-only').addEventListener('change', () => {
  document.body.classList.toggle('curated-only', $('curated-only').checked);
  if (!$('graph').hidden) showTab('graph');
});
for (const button of document.querySelectorAll('button.tab')) button.addEventListener('click', () => showTab(button.dataset.tab));
$('run').addEventListener('click', run);
$('editor').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
});
$('graph-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showNeighbourhood($('graph-entity').value.trim());
});
$('entity-search-input').addEventListener('input', suggest);
$('entity-search-input').addEventListener('keydown', (event) => {
  if (event.key === 'Escape') $('entity-suggestions').hidden = true;
});
for (const id of ['timeline-from', 'timeline-to', 'timeline-document', 'timeline-entity']) {
  $(id).addEventListener('input', filterTimeline);
}
$('timeline-filters').addEventListener('submit', (event) => event.preventDefault());
// A tab opened from the address (/#disputes) needs the canned queries it shows; a permalink
// (/#query=…) puts its query in the editor and runs it.
loadPrefixes().finally(async () => {
  await loadCanned();
  const hash = location.hash.slice(1);
  if (hash.startsWith('query=')) {
    $('editor').value = decodeURIComponent(hash.slice('query='.length));
    run();
  } else if (hash) {
    showTab(hash);
  }
});

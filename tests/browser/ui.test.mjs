// The web UI in a real browser: Debian's Chromium, driven by playwright-core, against a real
// `factgraph serve` of the repository's corpus on a free loopback port.
//
//   FACTGRAPH_BIN=target/release/factgraph npm test      (from tests/browser, after npm ci)
//
// Screenshots of every step go to tests/browser/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const bin = resolve(repo, process.env.FACTGRAPH_BIN ?? 'target/release/factgraph');
const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

let server, browser, base, store;

function freePort() {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 300; i++) {
    const open = await new Promise((done) => {
      const socket = connect(port, '127.0.0.1', () => { socket.end(); done(true); });
      socket.on('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`factgraph serve did not listen on ${port}`);
}

before(async () => {
  const port = await freePort();
  store = mkdtempSync(join(tmpdir(), 'factgraph-ui-'));
  server = spawn(bin, ['--root', repo, '--store', store, '--quiet', 'serve', '--bind', `127.0.0.1:${port}`], { stdio: 'inherit' });
  await waitForPort(port);
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (store) rmSync(store, { recursive: true, force: true });
});

async function open(path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(base + path);
  return { page, errors };
}

test('a canned query runs from one click and shows its rows', async () => {
  const { page, errors } = await open('/');
  await page.click('button[data-query="timeline"]');
  await page.waitForSelector('table.results tbody tr');
  const rows = await page.locator('table.results tbody tr').count();
  assert.ok(rows > 50, `${rows} rows`);
  assert.match(await page.textContent('#status'), new RegExp(`^${rows} rows`));
  // Our entities link to their pages.
  assert.ok(await page.locator('table.results a[href^="/id/"]').count() > 0);
  await page.screenshot({ path: join(artifacts, 'query.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad query shows the parser message, not a blank page', async () => {
  const { page } = await open('/');
  await page.fill('#editor', 'SELECT ?x WHERE { ?x ?y }');
  await page.press('#editor', 'Control+Enter');
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /HTTP 400/);
  await page.screenshot({ path: join(artifacts, 'query-error.png') });
  await page.close();
});

test('an entity page leads from a quote to its span, highlighted in the document', async () => {
  const { page, errors } = await open('/id/khojaly-massacre');
  assert.equal(await page.textContent('h1'), 'Khojaly massacre');
  await page.screenshot({ path: join(artifacts, 'entity.png'), fullPage: false });
  const link = page.locator('a.quote').first();
  const quote = (await link.textContent()).replace(/^“|”$/g, '');
  await link.click();
  await page.waitForURL(/\/doc\/.+\?claim=/);
  const marked = await page.locator('mark.claim.current').allTextContents();
  assert.equal(marked.join(''), quote);
  // The highlighted span is on screen: the link's anchor scrolled to it.
  const box = await page.locator('mark.claim.current').first().boundingBox();
  assert.ok(box && box.y + box.height > 0 && box.y < 900, JSON.stringify(box));
  await page.screenshot({ path: join(artifacts, 'document.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the timeline renders every dated statement, coloured by source', async () => {
  const { page, errors } = await open('/');
  await page.click('button.tab[data-tab="timeline"]');
  await page.waitForSelector('#timeline-list li');
  assert.ok(await page.locator('#timeline-list li').count() > 50);
  const colours = await page.$$eval('#timeline-list li .chip', (chips) => [...new Set(chips.map((c) => c.style.background))]);
  assert.ok(colours.length >= 3, colours.join(' '));
  assert.equal(await page.locator('#timeline-legend > span').count(), 5);
  const dates = await page.$$eval('#timeline-list time', (times) => times.map((t) => t.textContent));
  assert.deepEqual(dates, [...dates].sort());
  await page.screenshot({ path: join(artifacts, 'timeline.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('disputes show every side with its group and document title, and the graph view draws a neighbourhood', async () => {
  const { page, errors } = await open('/');
  await page.click('button.tab[data-tab="disputes"]');
  await page.waitForSelector('.dispute');
  const sides = await page.$$eval('.dispute', (cards) => cards.map((c) => c.querySelectorAll('.side').length));
  assert.ok(sides.length > 0 && sides.every((n) => n >= 2), sides.join(' '));
  // Who was counted is shown, not "4 vs 4"; documents by title, not by hash.
  const text = await page.locator('#disputes-list').textContent();
  assert.match(text, /4 police officers/);
  assert.match(text, /4 soldiers/);
  assert.match(text, /about 200/);
  assert.doesNotMatch(text, /[0-9a-f]{16}/);
  await page.waitForSelector('.agreement');
  assert.match(await page.locator('#agreements-list').textContent(), /independent/);
  await page.screenshot({ path: join(artifacts, 'disputes.png') });
  await page.click('button.tab[data-tab="graph"]');
  await page.waitForSelector('#graph-view circle.centre');
  assert.ok(await page.locator('#graph-view circle').count() > 3);
  // One panel at a time.
  assert.ok(await page.locator('#graph-view').isVisible());
  assert.ok(!(await page.locator('#query').isVisible()));
  assert.ok(!(await page.locator('#disputes').isVisible()));
  await page.screenshot({ path: join(artifacts, 'graph.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the disputes tab opened from the address shows the disputes', async () => {
  const { page, errors } = await open('/#disputes');
  await page.waitForSelector('.dispute');
  assert.doesNotMatch(await page.locator('#disputes-list').textContent(), /no disputes query/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a rule-made claim is marked, and "curated only" hides it', async () => {
  // A copy of the project with one document nobody curated: the rules make its claims.
  const root = mkdtempSync(join(tmpdir(), 'factgraph-ui-marked-'));
  for (const folder of ['seeds', 'ontology', 'data', 'queries']) cpSync(join(repo, folder), join(root, folder), { recursive: true });
  const article = join(root, 'report.txt');
  writeFileSync(article, 'YEREVAN, 27 September 2023 — Three years on.\n\nThe Second Nagorno-Karabakh War began on 27 September 2020. More than 2000 people were killed in the Khojaly massacre, the report said.\n');
  const added = spawnSync(bin, ['--root', root, '--quiet', 'add', article, '--id', '900_report', '--title', 'A report', '--language', 'en']);
  assert.equal(added.status, 0, String(added.stderr));
  const port = await freePort();
  const own = spawn(bin, ['--root', root, '--quiet', 'serve', '--bind', `127.0.0.1:${port}`], { stdio: 'inherit' });
  try {
    await waitForPort(port);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.click('button.tab[data-tab="timeline"]');
    await page.waitForSelector('#timeline-list li');
    const ours = page.locator('#timeline-list li[data-document="900_report"]');
    assert.equal(await ours.count(), 1);
    assert.match(await ours.locator('.basis').textContent(), /^automatic · 0\.\d\d \(rule:event-date\)$/);
    assert.ok(await ours.isVisible());
    const curatedMarked = await page.locator('#timeline-list li:not([data-document="900_report"]) .basis').count();
    assert.equal(curatedMarked, 0);
    await page.check('#curated-only');
    assert.ok(!(await ours.isVisible()));
    assert.ok(await page.locator('#timeline-list li').first().isVisible());
    await page.uncheck('#curated-only');
    await page.click('button.tab[data-tab="disputes"]');
    await page.waitForSelector('.dispute');
    // A rule-made side is marked; "curated only" hides it (and a dispute left with one side).
    const marked = page.locator('.dispute .side.automatic');
    assert.ok(await marked.count() > 0);
    assert.match(await marked.first().locator('.basis').first().textContent(), /^automatic · /);
    await page.screenshot({ path: join(artifacts, 'disputes-marked.png') });
    await page.check('#curated-only');
    assert.ok(!(await marked.first().isVisible()));
    // The graph keeps to links some curated claim or the registry states.
    await page.click('button.tab[data-tab="graph"]');
    await page.waitForSelector('#graph-view circle.centre');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    own.kill();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a query keeps its address as a permalink, its results download as CSV and JSON, and no column is squeezed', async () => {
  const { page, errors } = await open('/');
  await page.click('button[data-query="timeline"]');
  await page.waitForSelector('table.results tbody tr');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#query=/);
  // The narrowest cell still holds a word, not a letter a line.
  const narrowest = await page.$$eval('table.results td', (cells) => Math.min(...cells.map((c) => c.getBoundingClientRect().width)));
  assert.ok(narrowest >= 60, `a cell ${narrowest}px wide`);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  const csvText = await streamText(await csv.createReadStream());
  assert.match(csvText, /^date,event,label,property,document/);
  assert.equal(csv.suggestedFilename(), 'results.csv');
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const parsed = JSON.parse(await streamText(await json.createReadStream()));
  assert.ok(parsed.results.bindings.length > 50);
  await page.screenshot({ path: join(artifacts, 'query-links.png') });
  // The permalink, opened anew, runs the same query.
  const again = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await again.goto(base + '/' + hash);
  await again.waitForSelector('table.results tbody tr');
  assert.equal(await again.locator('table.results tbody tr').count(), await page.locator('table.results tbody tr').count());
  assert.equal(await again.inputValue('#editor'), await page.inputValue('#editor'));
  await again.close();
  assert.deepEqual(errors, []);
  await page.close();
});

async function streamText(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

test('the search box finds an entity by label or alias as one types, and leads to its page', async () => {
  const { page, errors } = await open('/');
  await page.fill('#entity-search-input', 'kocae');
  await page.waitForSelector('#entity-suggestions li a');
  const found = await page.locator('#entity-suggestions li a').allTextContents();
  assert.ok(found.some((t) => t.startsWith('Khojaly massacre')), found.join(' | '));
  assert.ok(found.some((t) => t.startsWith('Khojaly (')), found.join(' | '));
  await page.screenshot({ path: join(artifacts, 'search.png') });
  // Quotes, backslashes and braces are searched for as text, never read as SPARQL.
  await page.fill('#entity-search-input', 'a"} ?x \\ \'');
  await page.waitForSelector('#entity-suggestions li.meta');
  assert.equal(await page.textContent('#entity-suggestions li.meta'), 'no entity by that name');
  await page.fill('#entity-search-input', 'kocae');
  await page.waitForSelector('#entity-suggestions li a');
  await page.locator('#entity-suggestions li a', { hasText: 'Khojaly massacre' }).click();
  await page.waitForURL(/\/id\/khojaly-massacre$/);
  assert.equal(await page.textContent('h1'), 'Khojaly massacre');
  // The entity page words figures with their hedge and group.
  const claims = await page.locator('main').textContent();
  assert.match(claims, /killed about 200/);
  assert.match(claims, /killed 106 women/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the index pages list every entity by type and every document by title', async () => {
  const { page, errors } = await open('/id/');
  assert.equal(await page.textContent('h1'), 'Entities');
  assert.ok(await page.locator('ul.index li a').count() > 300);
  assert.ok(await page.locator('h2').count() > 5);
  await page.fill('main form.search input', 'kocaeli');
  await page.press('main form.search input', 'Enter');
  await page.waitForURL(/\/id\/\?q=kocaeli/);
  const kept = await page.locator('ul.index li a').allTextContents();
  assert.deepEqual(kept.sort(), ['Khojaly', 'Khojaly massacre']);
  await page.goto(base + '/doc/');
  assert.equal(await page.locator('table tr').count(), 6);
  assert.match(await page.locator('table').textContent(), /Azerbaijan and Karabakh: the history behind/);
  await page.screenshot({ path: join(artifacts, 'documents.png') });
  await page.locator('table a').first().click();
  await page.waitForURL(/\/doc\/000_/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the timeline names documents by title and filters by period, document and entity', async () => {
  const { page, errors } = await open('/#timeline');
  await page.waitForSelector('#timeline-list li');
  const legend = await page.locator('#timeline-legend').textContent();
  assert.doesNotMatch(legend, /[0-9a-f]{16}/);
  assert.match(legend, /Fair Observer|the history behind/);
  const visibleDates = () => page.$$eval('#timeline-list li:not([hidden]) time', (times) => times.map((t) => t.textContent));
  const all = (await visibleDates()).length;
  await page.fill('#timeline-from', '1988-02');
  await page.fill('#timeline-to', '1992');
  const period = await visibleDates();
  assert.ok(period.length > 0 && period.length < all, `${period.length} of ${all}`);
  // A date overlaps the period at its own precision: "1988" holds February 1988.
  assert.ok(period.every((d) => d >= '1988' && d < '1993' && d !== '1988-01'), period.join(' '));
  await page.fill('#timeline-from', '');
  await page.fill('#timeline-to', '');
  await page.fill('#timeline-entity', 'Khojaly massacre');
  const entity = await page.$$eval('#timeline-list li:not([hidden]) a', (links) => [...new Set(links.map((a) => a.textContent))]);
  // The entity filter keeps names that hold the text.
  assert.ok(entity.includes('Khojaly massacre') && entity.every((name) => name.includes('Khojaly massacre')), entity.join(' | '));
  await page.fill('#timeline-entity', '');
  await page.selectOption('#timeline-document', '003_898eee803d7ca7f3');
  const documents = await page.$$eval('#timeline-list li:not([hidden])', (items) => [...new Set(items.map((i) => i.dataset.document))]);
  assert.deepEqual(documents, ['003_898eee803d7ca7f3']);
  assert.match(await page.textContent('#timeline-count'), /^\d+ of \d+ shown$/);
  await page.screenshot({ path: join(artifacts, 'timeline-filtered.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('no two labels of the graph view overlap', async () => {
  const { page, errors } = await open('/#graph');
  await page.waitForSelector('#graph-view circle.centre');
  const boxes = await page.$$eval('#graph-view text', (texts) => texts.map((t) => {
    const b = t.getBBox();
    return { x: b.x, y: b.y, w: b.width, h: b.height, text: t.textContent };
  }));
  assert.ok(boxes.length > 3, `${boxes.length} labels`);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      // A pixel of anti-aliasing aside.
      if (a.x + a.w - 1 > b.x && b.x + b.w - 1 > a.x && a.y + a.h - 1 > b.y && b.y + b.h - 1 > a.y) overlaps.push(`${a.text} / ${b.text}`);
    }
  }
  assert.deepEqual(overlaps, []);
  await page.screenshot({ path: join(artifacts, 'graph-labels.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

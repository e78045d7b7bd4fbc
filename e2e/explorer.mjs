// explorer.mjs walks through the caremap web explorer in a real, headless
// Chromium as a newcomer would, and checks that embedding a diagram on
// another site is safe:
//
//   1. the home page: one h1, the skip link first in tab order, instant
//      search for "specialised", then the search results page;
//   2. NHS England's page, reached from the results: tables, the
//      neighbourhood diagram (an SVG in an <object>); clicking a box in the
//      diagram opens that body's page in the whole window;
//   3. a path from the Department of Health to a CCG by money, explained
//      with amounts, and a box on it followed to its page;
//   4. the embed code copied with the copy button (the clipboard must hold
//      exactly the code shown in the textarea), then loaded in a page served
//      from another origin: the <img> must load (natural width > 0), the
//      <object> must hold an SVG document, the SVG must carry no script,
//      foreignObject, event-handler attribute or javascript: URL, its
//      response a restrictive Content-Security-Policy and nosniff, and no
//      script may run (window.__pwned stays undefined, no CSP violation);
//   5. every page readable without JavaScript;
//   6. no console error, page error or CSP violation on any explorer page,
//      and no request to any origin but the server's.
//
// Usage: node explorer.mjs BASEURL [--screenshots DIR]
// It needs Chromium: CHROMIUM names the executable (default /usr/bin/chromium,
// Debian's package); nothing is downloaded. Exit status 0 means every check
// passed; otherwise the failures are printed.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { screenshots: { type: 'string', default: '' } },
});
if (positionals.length !== 1) {
  console.error('usage: node explorer.mjs BASEURL [--screenshots DIR]');
  process.exit(2);
}
const base = positionals[0].replace(/\/$/, '');
const origin = new URL(base).origin;
const shotDir = opts.screenshots;
if (shotDir) mkdirSync(shotDir, { recursive: true });

// expectedError reports whether url is one of pageTypes' error pages.
function expectedError(url) { return url.endsWith('/no-such-page'); }

// pageTypes are a page of every type the explorer serves.
const pageTypes = [
  '/', '/search?q=CCG', '/search?q=zzzz', '/org/nhs-england', '/org/clinical-commissioning-groups', '/org/gp-practices',
  '/org/ccg-02n', '/org/council-e08000032', '/org/hwb-e08000032', '/org/healthwatch-e08000032', '/org/trust-rm3',
  '/org/area-team-q52', '/org/practice-a81001', '/org/pct-5qg', '/org/sha-q30', '/service/svc-specialised',
  '/path', '/path?from=ccg-02n&to=uk-parliament&by=accountability', '/path?from=department-of-health&to=ccg-02n&by=money',
  '/commissioning', '/glossary', '/no-such-page',
];

const failures = [];
let step = '';
function check(ok, what) {
  if (!ok) failures.push(`${step}: ${what}`);
  return ok;
}
function log(msg) { console.log(msg); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

// watch reports what a page does wrong: console errors, uncaught errors,
// CSP violations (collected in the page by an init script, which runs
// outside the page's CSP), and requests to other origins than allowed.
async function watch(page, allowed) {
  const problems = [];
  page.on('console', (m) => {
    // An error page's own status (404, 400) is logged as a failed load.
    if (m.type() === 'error' && !(expectedError(page.url()) && /^Failed to load resource/.test(m.text()))) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['http:', 'https:'].includes(u.protocol)) return;
    if (!allowed.includes(u.origin)) problems.push(`request to another origin: ${r.url()}`);
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return async () => {
    const csp = await page.evaluate(() => window.__csp || []).catch(() => []);
    for (const c of csp) problems.push(`CSP violation: ${c}`);
    const out = problems.splice(0);
    for (const p of out) check(false, p);
    return out;
  };
}

// shot saves the top of the page, height CSS pixels tall (the viewport's
// height by default).
async function shot(page, name, height = 0) {
  if (!shotDir) return;
  const width = page.viewportSize().width;
  await page.evaluate(() => window.scrollTo(0, 0));
  if (height) await page.screenshot({ path: join(shotDir, name), fullPage: true, clip: { x: 0, y: 0, width, height } });
  else await page.screenshot({ path: join(shotDir, name) });
  log(`  screenshot ${join(shotDir, name)}`);
}

// shotFrom saves height CSS pixels of the page from the top of the element
// selector.
async function shotFrom(page, name, selector, height) {
  if (!shotDir) return;
  const width = page.viewportSize().width;
  const top = await page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  await page.screenshot({ path: join(shotDir, name), fullPage: true, clip: { x: 0, y: Math.max(0, top - 16), width, height } });
  log(`  screenshot ${join(shotDir, name)}`);
}

// lowContrast lists the text on the page whose contrast with its
// background is under WCAG AA: 4.5:1, or 3:1 for large text.
async function lowContrast(page) {
  return page.evaluate(() => {
    const rgba = (c) => { const m = c.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.5) return c;
      }
      return rgba(getComputedStyle(document.documentElement).backgroundColor);
    };
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || seen.has(el)) continue;
      seen.add(el);
      const st = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (st.visibility === 'hidden' || st.display === 'none' || r.width === 0 || el.closest('[hidden],.visually-hidden,.skip')) continue;
      if (el.closest('input,textarea,select,option,datalist')) continue;
      const fg = rgba(st.color), bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
      const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < need) out.push(`${ratio.toFixed(2)}:1 "${n.textContent.trim().slice(0, 40)}" (${st.color} on rgb(${bg.slice(0, 3)}))`);
    }
    return out;
  });
}

// diagramFrame waits until the <object> on the page has an SVG document
// with links, and returns its frame.
async function diagramFrame(page, svgPath) {
  await page.waitForFunction((p) => {
    const o = document.querySelector('object[data-diagram]');
    const d = o && o.contentDocument;
    return d && d.documentElement && d.documentElement.localName === 'svg' && d.querySelector('a') && o.data.includes(p);
  }, svgPath, { timeout: 60_000 });
  const frame = page.frames().find((f) => f.url().includes(svgPath));
  if (!frame) throw new Error(`no frame for ${svgPath}`);
  return frame;
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
const page = await context.newPage();
const done = await watch(page, [origin]);

try {
  // 1. Home, instant search, results.
  step = 'home';
  log('home page');
  let res = await page.goto(base + '/', { waitUntil: 'load' });
  check(res.status() === 200, `GET / is ${res.status()}`);
  const csp = res.headers()['content-security-policy'] || '';
  check(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), `CSP of / is ${JSON.stringify(csp)}`);
  check(await page.locator('h1').count() === 1, 'one h1');
  await page.waitForFunction(() => {
    const o = document.querySelector('object[data-diagram]');
    return o && o.contentDocument && o.contentDocument.querySelector('svg');
  }, null, { timeout: 60_000 }).catch(() => check(false, 'the whole-system diagram did not load'));
  await shot(page, 'home.png', 1500);
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.className) === 'skip', 'the skip link is first in tab order');

  step = 'instant search';
  log('instant search for "specialised"');
  await page.fill('#home-q', 'specialised');
  const instant = page.locator('#home-q-results a', { hasText: 'Specialised services' });
  await instant.first().waitFor({ timeout: 10_000 });
  check(await page.locator('#home-q-results a[href="/org/nhs-england"]').count() === 1, 'NHS England is among the instant results');
  await page.press('#home-q', 'Enter');
  await page.waitForURL(/\/search\?q=specialised/);
  step = 'search results';
  check(await page.locator('ol.hits a[href="/service/svc-specialised"]').count() === 1, 'results list Specialised services');
  await page.click('ol.hits a[href="/org/nhs-england"]');

  // 2. NHS England's page and its diagram.
  step = "NHS England's page";
  log("NHS England's page");
  await page.waitForURL(base + '/org/nhs-england');
  check((await page.textContent('h1')).includes('NHS England'), 'the h1 names NHS England');
  check(await page.locator('table.rels caption', { hasText: 'Funded by' }).count() === 1, 'a "Funded by" table');
  check(await page.locator('table.rels td', { hasText: '£95.6bn (2013/14)' }).count() >= 1, 'the £95.6bn from DH is shown');
  const frame = await diagramFrame(page, '/diagram/nhs-england.svg');
  await shot(page, 'organisation.png', 1700);
  step = 'click in the diagram';
  log('click the Department of Health in the diagram');
  const box = frame.locator(`xpath=//*[local-name()="a"][@*[local-name()="href"]="${base}/org/department-of-health"]`).first();
  await box.click();
  await page.waitForURL(base + '/org/department-of-health', { timeout: 10_000 })
    .catch(() => check(false, `clicking a box did not open its page in the window (at ${page.url()})`));
  check((await page.textContent('h1')).includes('Department of Health'), 'the Department of Health page opened');

  // 3. A path, explained.
  step = 'path';
  log('path from the Department of Health to a CCG by money');
  await page.goto(base + '/path', { waitUntil: 'load' });
  await page.fill('#from', 'department-of-health');
  await page.fill('#to', 'ccg-02n');
  await page.check('#by-money');
  await page.click('form.pathform button[type=submit]');
  await page.waitForURL(/\/path\?from=department-of-health&to=ccg-02n&by=money/);
  const explanation = await page.textContent('.explanation');
  check(/Department of Health funds NHS England £95\.6bn \(2013\/14\)/.test(explanation) && explanation.includes('£64.7bn'),
    `the explanation gives the amounts: ${explanation}`);
  check(await page.locator('ol.flow .box').count() === 4, 'four boxes drawn');
  await shot(page, 'path.png', 1250);
  // One accountability story: the home page's question, answered on /path
  // with exactly the chain the API's accountabilityChain gives.
  step = 'one accountability story';
  log('how a CCG is held to account: the explorer and the API');
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.click('a:has-text("How is a CCG held to account")');
  await page.waitForURL(/\/path\?from=ccg-02n&to=uk-parliament&by=accountability/);
  const chainBoxes = await page.$$eval('ol.flow .box a', (as) => as.map((a) => a.getAttribute('href').replace('/org/', '')));
  const api = await page.evaluate(async () => {
    const r = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ accountabilityChain(from: "ccg-02n") { id } }' }) });
    return (await r.json()).data.accountabilityChain.map((o) => o.id);
  });
  check(JSON.stringify(chainBoxes) === JSON.stringify(api), `the page's chain ${chainBoxes} is the API's ${api}`);
  check(chainBoxes.includes('department-of-health') && chainBoxes.includes('secretary-of-state-for-health') && chainBoxes.length === 7,
    `the chain passes the Department of Health and the Secretary of State (${chainBoxes.length} bodies)`);
  check((await page.textContent('h2#answer')).includes('chain of accountability'), 'the answer is headed as a chain of accountability');
  await page.goBack();
  await page.goto(base + '/path?from=department-of-health&to=ccg-02n&by=money', { waitUntil: 'load' });
  await page.click('ol.flow a[href="/org/clinical-commissioning-groups"]');
  await page.waitForURL(base + '/org/clinical-commissioning-groups');
  check(await page.locator('#instances').count() === 1, 'the CCGs page lists its instances');
  await page.fill('#filter', 'leeds');
  await page.press('#filter', 'Enter');
  await page.waitForURL(/filter=leeds/);
  check(await page.locator('table.instances tbody tr').count() === 3, 'three Leeds CCGs');
  await page.click('table.instances a[href="/org/ccg-02v"]');
  await page.waitForURL(base + '/org/ccg-02v');
  const local = page.locator('section[aria-labelledby="local"]');
  check(await local.locator('dt', { hasText: 'Member GP practices' }).count() === 1, 'a CCG\'s page counts its member practices');
  check(await local.locator('dt', { hasText: 'Replaced' }).count() === 1, 'a CCG\'s page names the PCTs it replaced');

  // Who commissions what: the matrix, reached from the navigation; a cell
  // leads to its relationship and sources.
  step = 'who commissions what';
  log('who commissions what');
  await page.click('header nav a:has-text("Who commissions what")');
  await page.waitForURL(base + '/commissioning');
  const cols = await page.$$eval('table.matrix thead th', (ths) => ths.map((th) => th.textContent.trim()));
  check(cols.length >= 5 && cols[1] === 'NHS England' && cols.includes('211 CCGs'), `the columns are the commissioners: ${cols}`);
  const rows = await page.locator('table.matrix tbody tr').count();
  check(rows === 31, `a row per service (${rows})`);
  const specialised = page.locator('table.matrix tbody tr', { has: page.locator('a[href="/service/svc-specialised"]') });
  await shot(page, 'commissioning.png', 1300);
  await specialised.locator('td[data-label="NHS England"] a.yes').click();
  await page.waitForURL(/#r-rel-/);
  const target = page.locator('.matrix-rels li:target');
  check(await target.count() === 1 && (await target.textContent()).includes('NHS England commissions specialised services'),
    'the cell leads to its relationship');
  check(await target.locator('ul.sources a').count() > 0, 'the relationship lists its sources');
  check(await target.isVisible(), 'the relationship is on screen');

  // The glossary: an acronym's first use on a page links to its entry.
  step = 'glossary';
  log('the glossary, from an acronym on a page');
  await page.goto(base + '/org/ccg-02n', { waitUntil: 'load' });
  const firstCCG = page.locator('main a.gloss[href="/glossary#ccg"]');
  check(await firstCCG.count() === 1, 'the first use of CCG on a CCG page links to the glossary, once');
  check(await firstCCG.locator('abbr').getAttribute('title') === 'clinical commissioning group', 'the abbreviation carries its expansion');
  await firstCCG.click();
  await page.waitForURL(base + '/glossary#ccg');
  const entry = page.locator('dl.glossary dt:target');
  check(await entry.count() === 1 && (await entry.textContent()).trim() === 'CCG', 'the link leads to the CCG entry');
  check(await entry.isVisible(), 'the entry is on screen');
  const terms = await page.locator('dl.glossary > dt').count();
  check(terms >= 40, `the glossary has ${terms} terms (at least 40)`);
  check(await page.locator('dl.glossary dt#ccg + dd a[href="/org/clinical-commissioning-groups"]').count() === 1, 'the entry links to the CCGs');
  await shot(page, 'glossary.png', 1100);

  // Local pages: every kind of real body says what it does as one of its
  // class, and draws a local diagram of more than one box.
  step = 'local pages';
  log('a local page for each kind of real body');
  for (const id of ['ccg-02n', 'council-e08000032', 'hwb-e08000032', 'healthwatch-e08000032', 'trust-rax', 'trust-rm3',
    'area-team-q52', 'region-y54', 'practice-a81001', 'pct-5qg', 'sha-q30']) {
    await page.goto(`${base}/org/${id}`, { waitUntil: 'load' });
    const role = page.locator('section[aria-labelledby="as-class"]');
    check(await role.count() === 1 && /^As one of /.test((await role.locator('p.lead').textContent()).trim()),
      `${id}: says what it does as one of its class`);
    check(await role.locator('details.folded-sources ul.sources a').count() > 0, `${id}: the class's ties carry their sources`);
    const f = await diagramFrame(page, `/diagram/${id}.svg`);
    const boxes = await f.evaluate(() => document.querySelectorAll('g.node').length);
    check(boxes >= 3, `${id}: the local diagram has ${boxes} boxes (at least 3)`);
    if (id === 'ccg-02n') await shotFrom(page, 'local.png', 'section[aria-labelledby="as-class"]', 1500);
  }

  // 4. Copy the embed code.
  step = 'copy embed code';
  log('copy the embed code');
  await page.goto(base + '/org/nhs-england', { waitUntil: 'load' });
  await page.click('button[data-copy="embed-obj-neighbourhood"]');
  await page.locator('.copy-status', { hasText: 'Copied' }).waitFor({ timeout: 5_000 });
  const objCode = await page.inputValue('#embed-obj-neighbourhood');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  check(clip === objCode, `the clipboard holds the object code (got ${JSON.stringify(clip)})`);
  await page.click('button[data-copy="embed-img-neighbourhood"]');
  const imgCode = await page.inputValue('#embed-img-neighbourhood');
  check(await page.evaluate(() => navigator.clipboard.readText()) === imgCode, 'the clipboard holds the image code');
  check(imgCode.startsWith('<img src="' + base + '/diagram/nhs-england.svg?theme=auto"'), `image code: ${imgCode}`);
  check(objCode.startsWith('<object data="' + base + '/diagram/nhs-england.svg?fit=width&amp;theme=auto"'), `object code: ${objCode}`);
  await done();

  // 5. Without JavaScript.
  step = 'without JavaScript';
  log('pages without JavaScript');
  const noJS = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJS.newPage();
  await plain.goto(base + '/org/nhs-england');
  check(await plain.locator('table.rels').count() > 3, 'relationship tables are there');
  check((await plain.inputValue('#embed-img-neighbourhood')).startsWith('<img '), 'the embed code is readable');
  check(!(await plain.isVisible('button[data-copy]')), 'copy buttons stay hidden');
  await plain.goto(base + '/search?q=specialised');
  check(await plain.locator('ol.hits li').count() > 0, 'search works as a form');
  await noJS.close();

  // 6. The embed code on another origin.
  step = 'embedded elsewhere';
  log('the embed code on a page from another origin');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title></head>
<body><h1>A course page that embeds caremap</h1>
<h2>As an image</h2>${imgCode}
<h2>As an object</h2>${objCode}
</body></html>`;
  const other = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  const otherURL = `http://localhost:${other.address().port}/`; // another host and port: another origin
  try {
    const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const guest = await ctx2.newPage();
    const guestDone = await watch(guest, [origin, new URL(otherURL).origin]);
    const svgResponses = [];
    guest.on('response', (r) => { if (r.url().includes('/diagram/nhs-england.svg')) svgResponses.push(r); });
    await guest.goto(otherURL, { waitUntil: 'load' });
    const natural = await guest.evaluate(async () => {
      const img = document.querySelector('img');
      if (!img.complete) await new Promise((r) => { img.onload = img.onerror = r; });
      return img.naturalWidth;
    });
    check(natural > 0, `the <img> loaded (natural width ${natural})`);
    let svgFrame = null;
    for (let i = 0; i < 100 && !svgFrame; i++) {
      svgFrame = guest.frames().find((f) => f.url().includes('/diagram/nhs-england.svg'));
      if (!svgFrame) await guest.waitForTimeout(100);
    }
    if (check(svgFrame, 'the <object> has a document')) {
      await svgFrame.waitForLoadState('load');
      const doc = await svgFrame.evaluate(() => {
        const root = document.documentElement;
        const all = [...document.querySelectorAll('*')];
        return {
          root: root.localName,
          scripts: document.getElementsByTagNameNS('*', 'script').length,
          foreign: document.getElementsByTagNameNS('*', 'foreignObject').length,
          handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)).length,
          jsURLs: all.flatMap((e) => [...e.attributes].filter((a) => /^\s*javascript:/i.test(a.value))).length,
          links: document.getElementsByTagNameNS('*', 'a').length,
        };
      });
      check(doc.root === 'svg', `the <object> holds an SVG document (root ${doc.root})`);
      check(doc.scripts === 0 && doc.foreign === 0 && doc.handlers === 0 && doc.jsURLs === 0,
        `the SVG has no script, foreignObject, on* attribute or javascript: URL (${JSON.stringify(doc)})`);
      check(doc.links > 0, 'the SVG has links to the explorer');
    }
    check(svgResponses.length > 0, 'the SVG was fetched');
    for (const r of svgResponses) {
      const h = r.headers();
      check(/default-src 'none'/.test(h['content-security-policy'] || '') && !/script-src/.test(h['content-security-policy'] || ''),
        `the SVG's CSP forbids script: ${h['content-security-policy']}`);
      check(h['x-content-type-options'] === 'nosniff', 'the SVG is sent with nosniff');
      check((h['content-type'] || '').startsWith('image/svg+xml'), `the SVG's type is ${h['content-type']}`);
    }
    check(await guest.evaluate(() => window.__pwned) === undefined, 'nothing set window.__pwned');
    await shot(guest, 'embed.png');
    // A box in the <object> opens its page in the whole window, which
    // needs target="_top" on the SVG's links (the explorer's own pages
    // retarget them with script, but a page elsewhere cannot).
    if (svgFrame) {
      const targets = await svgFrame.evaluate(() => [...document.getElementsByTagNameNS('*', 'a')]
        .filter((a) => a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))
        .map((a) => a.getAttribute('target')));
      const top = targets.filter((t) => t === '_top').length;
      if (!check(top === targets.length, `every link in the SVG has target="_top" (${top} of ${targets.length})`)) {
        log('  (the diagram renderer must add target="_top" to node links)');
      } else {
        await svgFrame.locator(`xpath=//*[local-name()="a"][@*[local-name()="href"]="${base}/org/department-of-health"]`).first().click();
        await guest.waitForURL(base + '/org/department-of-health', { timeout: 10_000 })
          .catch(() => check(false, `clicking a box in the embedded diagram did not open its page (at ${guest.url()})`));
      }
    }
    await guestDone();
    await ctx2.close();
  } finally {
    other.close();
  }

  // A phone-sized screenshot, and the dark scheme.
  // Phone and keyboard, on a page of every type: nothing wider than a 390
  // px phone, text contrast (dark on the phone, light on the desktop), a
  // skip link before every diagram, and a focus order that follows the
  // page.
  step = 'phone and keyboard';
  log('every page type on a 390 px phone (dark) and with the keyboard (light)');
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, colorScheme: 'dark' });
  const pp = await phone.newPage();
  const ppDone = await watch(pp, [origin]);
  for (const path of pageTypes) {
    await pp.goto(base + path, { waitUntil: 'load' });
    const wide = await pp.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const over = document.documentElement.scrollWidth - w;
      if (over <= 0) return '';
      const culprits = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > w + 1 && !el.closest('figure.diagram, .table-wrap'))
        .slice(0, 3).map((el) => `${el.localName}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
      return `${over}px too wide: ${culprits.join(', ')}`;
    });
    check(wide === '', `${path} fits a 390 px phone: ${wide}`);
    let low = await lowContrast(pp);
    check(low.length === 0, `text contrast under WCAG AA on ${path} (dark): ${low.slice(0, 5).join('; ')}`);
    if (path === '/org/nhs-england') await shot(pp, 'phone-dark.png');
    if (path === '/commissioning') await shotFrom(pp, 'phone-commissioning.png', 'table.matrix', 844);

    await page.goto(base + path, { waitUntil: 'load' });
    low = await lowContrast(page);
    check(low.length === 0, `text contrast under WCAG AA on ${path} (light): ${low.slice(0, 5).join('; ')}`);
    const order = await page.evaluate(() => {
      const positive = [...document.querySelectorAll('[tabindex]')].filter((el) => el.tabIndex > 0).length;
      const objects = [...document.querySelectorAll('object[data-diagram]')];
      const unskippable = objects.filter((o) => {
        const skip = o.closest('figure').previousElementSibling;
        const target = skip && skip.matches('a.skip-diagram') && document.getElementById(skip.getAttribute('href').slice(1));
        return !target || !(o.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
      }).length;
      return { positive, objects: objects.length, unskippable };
    });
    check(order.positive === 0, `${path}: ${order.positive} elements with a positive tabindex (focus must follow the page)`);
    check(order.unskippable === 0, `${path}: ${order.unskippable} of ${order.objects} diagrams without a skip link to just after them`);
    // Tab through the page: each element focused comes after the one
    // before it in the page (a diagram's own links count as the diagram).
    await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
    const seen = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const ok = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return 'end';
        const prev = window.__lastFocus;
        window.__lastFocus = el;
        if (!prev || prev === el) return 'ok';
        return prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 'ok'
          : `${el.localName}${el.id ? '#' + el.id : ''} "${(el.textContent || '').trim().slice(0, 30)}" comes before ${prev.localName} "${(prev.textContent || '').trim().slice(0, 30)}"`;
      });
      if (ok === 'end') break;
      if (ok !== 'ok') { seen.push(ok); break; }
    }
    await page.evaluate(() => { window.__lastFocus = undefined; });
    check(seen.length === 0, `${path}: the focus order does not follow the page: ${seen.join('; ')}`);
    // The skip link moves focus past the diagram.
    if (order.objects > 0) {
      await page.focus('a.skip-diagram');
      await page.keyboard.press('Enter');
      const past = await page.evaluate(() => {
        const o = document.querySelector('object[data-diagram]');
        const el = document.activeElement;
        return !!el && el !== o && !!(o.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      check(past, `${path}: the skip link moves focus past the diagram`);
    }
  }
  await ppDone();
  await phone.close();
} catch (e) {
  failures.push(`${step}: ${e.stack || e}`);
} finally {
  await done().catch(() => {});
  await browser.close();
}

if (failures.length) {
  console.error(`\n${failures.length} check(s) failed:\n- ` + failures.join('\n- '));
  process.exit(1);
}
log('all explorer checks passed');

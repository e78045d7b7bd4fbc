// playground.mjs opens the caremap playground in a real, headless Chromium and
// checks that it works offline and as a newcomer would use it:
//
//   - GraphiQL renders (editor, tabs, the "Example questions" panel);
//   - the page makes no request to any other origin, logs no console error,
//     throws nothing, and violates nothing in its Content-Security-Policy;
//   - every example question opens from the panel with the keyboard, runs,
//     and (unless --no-run) gets an answer with data and no errors;
//   - a reload keeps working (GraphiQL restores its saved tabs);
//   - on a 1280 px screen: tabs are titled with their question, no editor
//     runs off its edge, money reads as amountText (never 9.56e+10);
//   - /playground/?example=<key> opens and runs that example, the home page's
//     questions link there, ids in an answer open the explorer, and an
//     unknown key is a 404 naming the keys there are.
//
// Usage (from e2e/, after scripts/browser-deps.sh; go test ./e2e runs it):
//
//   node playground.mjs --serve   builds and starts the caremap server (go run
//                                 ../server on a free port), checks, stops it
//   node playground.mjs [--url http://127.0.0.1:18080/playground/]
//                                 checks a server that is already running
//
// Options: --screenshot /tmp/playground.png (where to save a screenshot),
// --no-run (only open the questions, do not run them).
//
// It needs a Chromium: CHROMIUM names the executable (default /usr/bin/chromium,
// from Debian's chromium package). Exit status 0 means every check passed.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:18080/playground/' },
    screenshot: { type: 'string', default: '/tmp/playground.png' },
    'no-run': { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
  },
});

// startServer runs the caremap server on a free port and resolves to its
// playground URL, read from the address it prints when ready.
function startServer() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn('go', ['run', './server', 'serve', '--addr', '127.0.0.1:0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group, so go run's child stops with it
  });
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/Playground:\s+(http\S+)/);
      if (m) resolve(m[1].replace(/\/?$/, '/'));
    });
    child.on('exit', (code) => reject(new Error(`caremap server exited (${code}) before it was ready:\n${out}`)));
    setTimeout(() => reject(new Error('caremap server not ready after 300 s')), 300_000).unref();
  });
  return { url, stop: () => { try { process.kill(-child.pid, 'SIGTERM'); } catch {} } };
}

const server = opts.serve ? startServer() : null;
const pageURL = new URL(server ? await server.url : opts.url);
const problems = [];
const problem = (msg) => {
  problems.push(msg);
  console.log(`FAIL ${msg}`);
};
const ok = (msg) => console.log(`ok   ${msg}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();

  // commentText is the text of a query's leading comment lines, as one line.
  const commentText = (q) => {
    const lines = [];
    for (const l of q.split('\n')) {
      if (!l.startsWith('#')) break;
      lines.push(l.replace(/^#\s*/, ''));
    }
    return lines.join(' ').replace(/\s+/g, ' ').trim();
  };
  // until polls fn until it returns something truthy, or null after timeout ms.
  async function until(fn, timeout = 30000) {
    for (const end = Date.now() + timeout; ; ) {
      const v = await fn();
      if (v || Date.now() > end) return v || null;
      await page.waitForTimeout(100);
    }
  }
  const editorValue = (sel) =>
    page.evaluate((s) => document.querySelector(`${s} .CodeMirror`)?.CodeMirror.getValue() ?? null, sel);

  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  // GraphiQL's introspection: the docs explorer, completion and validation
  // need it to succeed.
  const introspections = [];
  page.on('response', async (res) => {
    if (!(res.request().postData() || '').includes('__schema')) return;
    let ok = false;
    let detail = `HTTP ${res.status()}`;
    try {
      const body = await res.json();
      ok = Boolean(body.data?.__schema) && !body.errors;
      if (body.errors) detail += `: ${JSON.stringify(body.errors).slice(0, 300)}`;
    } catch (e) {
      detail += `: ${e.message}`;
    }
    introspections.push({ ok, detail });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problem(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problem(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => problem(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  const csp = [];
  await page.exposeFunction('__reportCSP', (v) => csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCSP(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
  });

  const resp = await page.goto(pageURL.href, { waitUntil: 'networkidle' });
  if (!resp || resp.status() !== 200) problem(`GET ${pageURL.href}: status ${resp?.status()}`);

  // GraphiQL rendered: the query editor, the tabs and our panel.
  await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 15000 });
  await page.waitForSelector('.caremap-examples', { timeout: 5000 });
  // The panel is open on arrival, fully in view and wide enough to read.
  const box = await until(async () => {
    const b = await page.locator('.caremap-examples').boundingBox();
    return b && b.width >= 200 ? b : null;
  });
  const view = page.viewportSize();
  if (!box || box.width < 200 || box.x < 0 || box.x + box.width > view.width) {
    problem(`examples panel is not open in view: ${JSON.stringify(box)}`);
  }
  const buttons = page.locator('.caremap-example');
  const entries = await buttons.count();
  const tabs = await page.locator('.graphiql-tab').count();
  const names = await page.locator('.caremap-example-name').allTextContents();
  if (entries < 9) problem(`examples panel lists ${entries} entries, want the welcome and at least 8 questions`);
  if (tabs !== entries) problem(`${tabs} tabs open, want one per panel entry (${entries})`);
  ok(`GraphiQL rendered: ${tabs} tabs, ${entries} entries in the examples panel`);

  // Every tab is titled with its question: the accessible name, the tooltip
  // and the text shown (the stylesheet's ::before) are the entry's name.
  const titles = await page.evaluate(() => [...document.querySelectorAll('.graphiql-tab-button')].map((b) => ({
    label: b.getAttribute('aria-label'), title: b.getAttribute('title'), shown: getComputedStyle(b, '::before').content,
  })));
  titles.forEach((t, i) => {
    const want = names[i];
    if (t.label !== want || t.title !== want || t.shown !== JSON.stringify(want)) {
      problem(`tab ${i} is titled ${JSON.stringify(t)}, want the question ${JSON.stringify(want)}`);
    }
  });
  ok(`${titles.length} tabs titled with their question`);

  // overflow lists the editors whose text runs off their right edge, and the
  // page itself if it is wider than the screen.
  const overflow = () => page.evaluate(() => {
    const out = [];
    for (const sel of ['.graphiql-query-editor', '.result-window']) {
      const s = document.querySelector(`${sel} .CodeMirror-scroll`);
      if (s && s.scrollWidth > s.clientWidth + 1) out.push(`${sel} (${s.scrollWidth} > ${s.clientWidth} px)`);
    }
    const d = document.documentElement;
    if (d.scrollWidth > window.innerWidth) out.push(`the page (${d.scrollWidth} > ${window.innerWidth} px)`);
    return out;
  });
  // wrappedComments lists the comment lines of the query editor that do not
  // fit its width (the editor wraps them): the welcome text and each
  // question's heading must read whole on a 1280 px screen.
  const wrappedComments = () => page.evaluate(() => {
    const cm = document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror;
    const out = [];
    for (let i = 0; i < cm.lineCount(); i++) {
      const text = cm.getLine(i);
      if (!text.startsWith('#')) continue;
      if (cm.charCoords({ line: i, ch: 0 }, 'local').top !== cm.charCoords({ line: i, ch: text.length }, 'local').top) {
        out.push(text);
      }
    }
    return out;
  });
  // A number written with an exponent, as JSON.stringify writes 9.56e10.
  const exponent = /[:\[,]\s*-?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+\s*[,}\]]/;

  // The schema loaded (the docs explorer needs it).
  await until(() => introspections.length > 0, 15000);
  if (introspections.length === 0) problem('GraphiQL sent no introspection query');
  for (const r of introspections) {
    if (r.ok) ok('introspection: GraphiQL has the schema');
    else problem(`introspection failed, so no docs, completion or validation: ${r.detail}`);
  }

  // Each question, opened from the panel with the keyboard, then run.
  for (let i = 0; i < entries; i++) {
    await buttons.nth(i).focus();
    await page.keyboard.press('Enter');
    const name = names[i];
    const head = i === 0 ? 'Welcome to caremap' : name;
    const query = await until(async () => {
      const q = await editorValue('.graphiql-query-editor');
      return q && commentText(q).startsWith(head) ? q : null;
    }, 10000) ?? await editorValue('.graphiql-query-editor');
    if (!query || !commentText(query).startsWith(head)) {
      problem(`entry ${i} "${name}": editor holds ${JSON.stringify(query?.slice(0, 60))}, want it to start ${JSON.stringify(head)}`);
      continue;
    }
    for (const l of await wrappedComments()) problem(`"${name}" at 1280 px: the comment line ${JSON.stringify(l)} does not fit the editor`);
    if (opts['no-run']) continue;
    // GraphiQL settles the operation name 100 ms after the editor changes;
    // running sooner sends the previous tab's name (as it would for a person).
    await page.waitForTimeout(400);
    await page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror.setValue(''));
    await page.keyboard.press('Control+Enter');
    const result = (await until(() => editorValue('.result-window'))) || '';
    let parsed;
    try {
      parsed = JSON.parse(result);
    } catch {
      problem(`"${name}": response is not JSON: ${result.slice(0, 200)}`);
      continue;
    }
    if (parsed.errors || !parsed.data) {
      problem(`"${name}": ${JSON.stringify(parsed.errors ?? parsed).slice(0, 300)}`);
    } else {
      ok(`"${name}": ${result.length} bytes of data`);
    }
    if (exponent.test(result)) problem(`"${name}": a number with an exponent in the answer: ${result.match(exponent)[0]}`);
    for (const o of await overflow()) problem(`"${name}" at 1280 px: text runs off ${o}`);
  }
  ok(`every question's text${opts['no-run'] ? '' : ' and answer'} fits a 1280 px screen${opts['no-run'] ? '' : ', with no number in exponent form'}`);

  // An entry whose tab was edited (or closed) opens in a new tab.
  if (entries > 2) {
    await buttons.nth(2).focus();
    await page.keyboard.press('Enter');
    await until(async () => commentText((await editorValue('.graphiql-query-editor')) || '').startsWith(names[2]), 10000);
    await page.evaluate(() =>
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.replaceRange('\n# edited', { line: 0, ch: 0 }));
    await page.waitForTimeout(1500); // GraphiQL saves tab contents after a pause
    const before = await page.locator('.graphiql-tab').count();
    await buttons.nth(2).focus();
    await page.keyboard.press('Enter');
    await until(async () => (await page.locator('.graphiql-tab').count()) === before + 1 &&
      commentText((await editorValue('.graphiql-query-editor')) || '').startsWith(names[2]), 10000);
    const after = await page.locator('.graphiql-tab').count();
    const query = await editorValue('.graphiql-query-editor');
    if (after !== before + 1 || !commentText(query).startsWith(names[2])) {
      problem(`reopening an edited entry: ${before} -> ${after} tabs, editor ${JSON.stringify(query.slice(0, 60))}`);
    } else {
      ok(`an edited entry reopens in a new tab (${after} tabs)`);
    }
  }

  // GraphiQL's own panels and dialogs: these inject styles and portals, so
  // they are where a Content-Security-Policy would bite.
  for (const label of ['Show Documentation Explorer', 'Show History', 'Show Example questions']) {
    const b = page.locator(`.graphiql-sidebar button[aria-label="${label}"]`);
    if ((await b.count()) !== 1) {
      problem(`no sidebar button "${label}"`);
      continue;
    }
    await b.hover();
    await b.click();
    await page.waitForTimeout(300);
  }
  for (const label of ['Open short keys dialog', 'Open settings dialog']) {
    const b = page.locator(`.graphiql-sidebar button[aria-label="${label}"]`);
    if ((await b.count()) !== 1) {
      problem(`no sidebar button "${label}"`);
      continue;
    }
    await b.click();
    await page.waitForSelector('[role="dialog"]', { timeout: 3000 }).catch(() => problem(`"${label}" opened no dialog`));
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
  }
  ok('documentation explorer, history and dialogs opened');

  // Leave the first question's answer on screen for the screenshot.
  if (entries > 1) {
    await buttons.nth(1).focus();
    await page.keyboard.press('Enter');
    await until(async () => commentText((await editorValue('.graphiql-query-editor')) || '').startsWith(names[1]), 10000);
    if (!opts['no-run']) {
      await page.waitForTimeout(400);
      await page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror.setValue(''));
      await page.keyboard.press('Control+Enter');
      await until(() => editorValue('.result-window'));
    }
  }
  await page.evaluate(() => {
    for (let el = document.querySelector('.caremap-examples'); el; el = el.parentElement) el.scrollTop = 0;
  });
  await page.screenshot({ path: opts.screenshot });
  ok(`screenshot: ${opts.screenshot}`);

  // ?example=<key>, as the home page links it: opens and runs that example.
  // The home page's link for the GP question leads there.
  const home = await page.goto(new URL('/', pageURL).href, { waitUntil: 'networkidle' });
  if (!home || home.status() !== 200) problem(`GET /: status ${home?.status()}`);
  const gpName = 'Who commissions GP services?';
  const link = page.locator('a', { hasText: gpName }).filter({ has: page.locator(':scope[href*="example="]') });
  if ((await link.count()) !== 1) {
    problem(`the home page has ${await link.count()} playground links for "${gpName}", want 1`);
  } else {
    await link.click();
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 15000 });
    const activeTab = () => page.evaluate(() =>
      document.querySelector('.graphiql-tab[aria-selected="true"] .graphiql-tab-button')?.getAttribute('aria-label'));
    const active = (await until(async () => (await activeTab()) === gpName, 10000)) ? gpName : await activeTab();
    const answer = await until(async () => {
      const r = await editorValue('.result-window');
      return r && r.includes('"data"') ? r : null;
    }, 15000);
    if (!/[?&]example=gp-services(&|$)/.test(page.url()) || active !== gpName || !answer) {
      problem(`home page link: at ${page.url()}, tab ${JSON.stringify(active)}, answer ${JSON.stringify(answer?.slice(0, 80))}; want the GP example opened and run`);
    } else {
      ok(`the home page's question opens and runs its example (${page.url()})`);
    }
    // Each organisation or service id in the answer links to the explorer.
    const ids = await until(() => page.evaluate(() =>
      [...document.querySelectorAll('.result-window .caremap-id')].map((e) => e.getAttribute('data-id'))), 5000) || [];
    const wantIds = [...(answer || '').matchAll(/"id": "([^"]+)"/g)].map((m) => m[1]);
    if (ids.length === 0 || [...new Set(ids)].join() !== [...new Set(wantIds)].join()) {
      problem(`ids linked in the answer: ${JSON.stringify(ids)}, want ${JSON.stringify(wantIds)}`);
    } else {
      const [popup] = await Promise.all([
        context.waitForEvent('page', { timeout: 10000 }),
        page.locator('.result-window .caremap-id').first().click(),
      ]);
      const res = await popup.waitForNavigation({ timeout: 10000 }).catch(() => null);
      await popup.waitForLoadState('load');
      const h1 = await popup.locator('h1').first().textContent().catch(() => '');
      if (new URL(popup.url()).pathname !== `/org/${ids[0]}` || (res && res.status() !== 200) || !h1) {
        problem(`clicking id ${ids[0]} opened ${popup.url()} (status ${res?.status()}, h1 ${JSON.stringify(h1)}), want /org/${ids[0]}`);
      } else {
        ok(`id ${ids[0]} in an answer opens ${popup.url()} ("${h1.trim()}")`);
      }
      await popup.close();
    }
  }
  // Money reads as amountText in the money example's answer.
  const money = await page.goto(new URL('?example=follow-the-money', pageURL).href, { waitUntil: 'networkidle' });
  const moneyAnswer = await until(async () => {
    const r = await editorValue('.result-window');
    return r && r.includes('"data"') ? r : null;
  }, 15000) || '';
  if (money?.status() !== 200 || !/"amountText": "£[0-9.,]+(bn|m)?/.test(moneyAnswer) || exponent.test(moneyAnswer)) {
    problem(`?example=follow-the-money: status ${money?.status()}, answer ${JSON.stringify(moneyAnswer.slice(0, 300))}; want amounts as amountText`);
  } else {
    ok(`money reads as amountText: ${moneyAnswer.match(/"amountText": "[^"]+"/)[0]}`);
  }
  for (const o of await overflow()) problem(`?example=follow-the-money at 1280 px: text runs off ${o}`);
  // An unknown example is refused with the keys there are.
  const bad = await context.request.get(new URL('?example=no-such-question', pageURL).href);
  const badText = await bad.text();
  if (bad.status() !== 404 || !badText.includes('no-such-question') || !badText.includes('gp-services')) {
    problem(`?example=no-such-question: ${bad.status()} ${JSON.stringify(badText.slice(0, 200))}, want a 404 naming the examples`);
  } else {
    ok(`an unknown example is a 404: ${badText.trim().slice(0, 100)}…`);
  }
  await page.goto(pageURL.href, { waitUntil: 'networkidle' });

  // A reload restores the saved tabs and still works.
  await page.reload({ waitUntil: 'networkidle' });
  await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 15000 });
  ok(`reload: ${await page.locator('.graphiql-tab').count()} tabs`);

  for (const v of csp) problem(`CSP violation: ${v}`);
  const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== pageURL.origin);
  for (const u of foreign) problem(`request to another origin: ${u}`);
  ok(`${requests.length} requests, ${foreign.length} to other origins, ${csp.length} CSP violations`);
} finally {
  await browser.close();
  server?.stop();
}

if (problems.length) {
  console.log(`\n${problems.length} problem(s)`);
  process.exit(1);
}
console.log('\nall checks passed');

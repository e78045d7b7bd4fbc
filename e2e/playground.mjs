// playground.mjs opens the caremap playground in a real, headless Chromium and
// checks that it works offline and as a newcomer would use it:
//
//   - GraphiQL renders (editor, tabs, the "Example questions" panel);
//   - the page makes no request to any other origin, logs no console error,
//     throws nothing, and violates nothing in its Content-Security-Policy;
//   - every example question opens from the panel with the keyboard, runs,
//     and (unless --no-run) gets an answer with data and no errors;
//   - a reload keeps working (GraphiQL restores its saved tabs).
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
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
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
  }

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

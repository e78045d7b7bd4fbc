// diagrams.mjs checks caremap's diagrams in a real, headless Chromium:
//
//   1. theme=auto: the explorer's diagram of NHS England is one SVG that
//      is light for a reader who prefers light and dark for one who
//      prefers dark (the background and a box change colour), with no
//      script;
//   2. the README's embed snippets (read from README.md, pointed at this
//      server) on a page from another origin, on a 390 px wide phone: the
//      page does not scroll sideways, the <img> and the <object> load and
//      fit the screen, and the object's boxes link to the explorer in a
//      new tab;
//   3. the keyboard: on a node's page the skip link comes before the
//      diagram and moves focus past it, and within the SVG the links come
//      in reading order (top to bottom, then left to right).
//
// Usage: node diagrams.mjs BASEURL README.md
// CHROMIUM names the browser (default /usr/bin/chromium); nothing is
// downloaded. Exit status 0 means every check passed.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

if (process.argv.length !== 4) {
  console.error('usage: node diagrams.mjs BASEURL README.md');
  process.exit(2);
}
const base = process.argv[2].replace(/\/$/, '');
const readme = readFileSync(process.argv[3], 'utf8');

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

// svgFrame waits for the frame of the first <object> whose URL contains
// part, and for its SVG document.
async function svgFrame(page, part) {
  let frame = null;
  for (let i = 0; i < 600 && !frame; i++) {
    frame = page.frames().find((f) => f.url().includes(part));
    if (!frame) await page.waitForTimeout(100);
  }
  if (!frame) throw new Error(`no frame for ${part}`);
  await frame.waitForLoadState('load');
  await frame.waitForFunction(() => document.documentElement && document.documentElement.localName === 'svg', null, { timeout: 60_000 });
  return frame;
}

// colours reads the computed fill of the SVG's background and of NHS
// England's box.
async function colours(frame) {
  return frame.evaluate(() => {
    const bg = document.querySelector('g.graph > polygon');
    const box = document.querySelector('[id="node-nhs-england"] path, [id="node-nhs-england"] polygon');
    return {
      bg: bg && getComputedStyle(bg).fill,
      box: box && getComputedStyle(box).fill,
      scripts: document.getElementsByTagNameNS('*', 'script').length,
      styles: document.getElementsByTagNameNS('*', 'style').length,
    };
  });
}

try {
  // 1. theme=auto, light and dark.
  step = 'theme=auto';
  const seen = {};
  for (const scheme of ['light', 'dark']) {
    log(`NHS England's page, ${scheme} scheme`);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    const page = await ctx.newPage();
    await page.goto(base + '/org/nhs-england', { waitUntil: 'load' });
    const src = await page.getAttribute('object[data-diagram]', 'data');
    check(src.includes('theme=auto'), `the explorer draws its diagram with theme=auto (${src})`);
    const frame = await svgFrame(page, '/diagram/nhs-england.svg');
    const c = await colours(frame);
    seen[scheme] = c;
    check(c.scripts === 0 && c.styles === 1, `one embedded style and no script (${JSON.stringify(c)})`);
    await ctx.close();
  }
  check(seen.light.bg === 'rgb(255, 255, 255)', `light background is white (${seen.light.bg})`);
  check(seen.dark.bg === 'rgb(22, 24, 29)', `dark background is the dark theme's (${seen.dark.bg})`);
  check(seen.light.box && seen.dark.box && seen.light.box !== seen.dark.box, `NHS England's box changes colour (${seen.light.box} / ${seen.dark.box})`);

  // 2. The README's snippets on a phone, from another origin.
  step = 'README snippets at 390 px';
  const section = readme.slice(readme.indexOf('## Diagrams'));
  const snippets = [...section.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1])
    .filter((s) => s.includes('https://caremap.example.org/diagram'));
  check(snippets.length === 2, `the README's diagram section has two embed snippets (found ${snippets.length})`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>A course page</title>
<style>body{margin:0;padding:8px;font:16px sans-serif}</style></head>
<body><h1>A course page</h1>${snippets.map((s) => s.replaceAll('https://caremap.example.org', base)).join('\n<p>Text between.</p>\n')}</body></html>`;
  const other = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  try {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, colorScheme: 'dark' });
    const guest = await phone.newPage();
    await guest.goto(`http://localhost:${other.address().port}/`, { waitUntil: 'load' });
    const frame = await svgFrame(guest, 'links=new-tab');
    const m = await guest.evaluate(async () => {
      const img = document.querySelector('img');
      if (!img.complete) await new Promise((r) => { img.onload = img.onerror = r; });
      const o = document.querySelector('object').getBoundingClientRect();
      const i = img.getBoundingClientRect();
      return { scroll: document.documentElement.scrollWidth, natural: img.naturalWidth, img: [i.width, i.height], obj: [o.width, o.height] };
    });
    check(m.scroll <= 390, `the page scrolls sideways: ${m.scroll} px wide`);
    check(m.natural > 0 && m.img[0] > 300 && m.img[0] <= 390 && m.img[1] > 150, `the <img> loads and fits (${JSON.stringify(m)})`);
    check(m.obj[0] > 300 && m.obj[0] <= 390 && m.obj[1] > 150, `the <object> fits the screen at its own aspect (${JSON.stringify(m)})`);
    const svg = await frame.evaluate(() => {
      const r = document.documentElement.getBoundingClientRect();
      const links = [...document.getElementsByTagNameNS('*', 'a')].filter((a) => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'));
      return { w: r.width, targets: [...new Set(links.map((a) => a.getAttribute('target')))], hrefs: links.slice(0, 3).map((a) => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href')) };
    });
    check(svg.w <= 390, `the SVG is drawn ${svg.w} px wide`);
    check(svg.targets.length === 1 && svg.targets[0] === '_blank', `links open in a new tab (${svg.targets})`);
    check(svg.hrefs.length > 0 && svg.hrefs.every((h) => h.startsWith(base + '/')), `links are absolute, to the explorer (${svg.hrefs})`);
    await phone.close();
  } finally {
    other.close();
  }

  // 3. The keyboard.
  step = 'keyboard';
  log('the skip link and the order of the links in the SVG');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + '/org/department-of-health', { waitUntil: 'load' });
  const frame = await svgFrame(page, '/diagram/department-of-health.svg');
  // Tab from the last control before the diagram lands on the skip link.
  await page.focus('form.controls button[type=submit]');
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.className) === 'skip-diagram', 'the skip link follows the diagram controls');
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => document.activeElement.id) === 'after-neighbourhood', 'the skip link moves focus past the diagram');
  const order = await frame.evaluate(() => [...document.getElementsByTagNameNS('*', 'a')]
    .filter((a) => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') && a.closest('g.node'))
    .map((a) => { const r = a.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }));
  check(order.length > 5, `the SVG has ${order.length} box links`);
  let ok = true;
  for (let i = 1; i < order.length; i++) {
    const [x0, y0] = order[i - 1], [x1, y1] = order[i];
    if (y1 < y0 - 1 || (Math.abs(y1 - y0) <= 1 && x1 < x0)) { ok = false; check(false, `link ${i} at (${x1}, ${y1}) comes after (${x0}, ${y0})`); break; }
  }
  if (ok) log(`  ${order.length} box links in reading order`);
  await ctx.close();
} catch (e) {
  failures.push(`${step}: ${e.stack || e}`);
} finally {
  await browser.close();
}

if (failures.length) {
  console.log('FAILED:\n  ' + failures.join('\n  '));
  process.exit(1);
}
console.log('diagrams: every check passed');

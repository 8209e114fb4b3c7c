// Opens an HTML page in headless Chromium (Debian's, driven by playwright-core) and reports, as one
// JSON object on stdout, what a reader would see: console errors, each plot's SVG, each image's load.
// Usage: node browser-check.cjs PAGE.html SCREENSHOT.png
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

(async () => {
  const [page_, shot] = process.argv.slice(2);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notebooklib-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  const errors = [];
  const requests = [];
  try {
    const page = await context.newPage();
    page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', e => errors.push('page: ' + e.message));
    page.on('requestfailed', r => errors.push('request failed: ' + r.url().slice(0, 120)));
    page.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
    await page.goto('file://' + path.resolve(page_), { waitUntil: 'load' });
    // Plots are drawn when plotly.js has put its SVG into every plot div (or gave up with a message).
    const plotSelector = '.notebooklib-plot, .plotly-figure, .js-plotly-plot';
    await page.waitForFunction(sel => {
      const divs = [...document.querySelectorAll(sel)];
      return divs.every(d => d.querySelector('svg.main-svg') || d.textContent.includes('cannot be drawn'));
    }, plotSelector, { timeout: 60000 }).catch(e => errors.push('waiting for plots: ' + e.message));
    const result = await page.evaluate(sel => ({
      title: document.title,
      plots: [...document.querySelectorAll(sel)].filter(d => !d.parentElement.closest('.js-plotly-plot, .notebooklib-plot, .plotly-figure'))
        .map(d => ({
          id: d.id,
          svgs: d.querySelectorAll('svg.main-svg').length,
          traces: d.querySelectorAll('g.trace, g.hm').length,
          text: d.textContent.slice(0, 200),
        })),
      images: [...document.images].map(i => ({ alt: i.alt, complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight })),
      tables: document.querySelectorAll('table').length,
    }), plotSelector);
    await page.screenshot({ path: shot, fullPage: true });
    result.errors = errors;
    result.externalRequests = requests;
    process.stdout.write(JSON.stringify(result));
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
})().catch(e => { console.error(e.stack || String(e)); process.exit(1); });

// Opens a notebook in a running Jupyter Notebook server with headless Chromium (Debian's, driven by
// playwright-core), runs all cells, waits for them to finish and reports, as one JSON object on stdout,
// what a reader sees: cells run, error outputs, drawn plots, and every request that was not to this
// machine (those are blocked). Usage: node jupyter-browser-check.cjs URL SCREENSHOT.png
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

(async () => {
  const [url, shot] = process.argv.slice(2);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notebooklib-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  const errors = [];
  const external = [];
  const local = host => host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  await context.route('**/*', route => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || local(u.hostname)) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  try {
    const page = await context.newPage();
    page.on('pageerror', e => errors.push('page: ' + e.message));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply
      && Jupyter.notebook.kernel.info_reply.status === 'ok', null, { timeout: 180000 });
    await page.evaluate(() => Jupyter.notebook.execute_all_cells());
    // Done when every code cell has a number (not "*") and the kernel is idle.
    await page.waitForFunction(() => {
      const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
      return cells.every(c => typeof c.input_prompt_number === 'number')
        && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
    }, null, { timeout: 420000, polling: 500 });
    await page.waitForFunction(() => [...document.querySelectorAll('.notebooklib-plot')]
      .every(d => d.querySelector('svg.main-svg') || d.textContent.includes('cannot be drawn')), null, { timeout: 60000 })
      .catch(e => errors.push('waiting for plots: ' + e.message));
    const result = await page.evaluate(() => ({
      codeCells: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length,
      executed: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code' && typeof c.input_prompt_number === 'number').length,
      errorOutputs: [...document.querySelectorAll('.output_error, .output_stderr')].map(e => e.textContent.slice(0, 300)),
      plots: [...document.querySelectorAll('.notebooklib-plot')].map(d => ({
        svgs: d.querySelectorAll('svg.main-svg').length,
        traces: d.querySelectorAll('g.trace').length,
        text: d.textContent.slice(0, 200),
      })),
    }));
    await page.screenshot({ path: shot, fullPage: true });
    result.errors = errors;
    result.externalRequests = external;
    process.stdout.write(JSON.stringify(result));
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
})().catch(e => { console.error(e.stack || String(e)); process.exit(1); });

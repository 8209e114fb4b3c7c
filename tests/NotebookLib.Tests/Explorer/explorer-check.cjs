// Drives the cutouts explorer in headless Chromium (Debian's, through playwright-core) as two experts
// would: log in, move with the keyboard, label ten images each, hide and show the labelled ones, zoom,
// reload, and read back the badges and the consensus. Prints one JSON object; screenshots go to OUTDIR.
// Usage: node explorer-check.cjs URL OUTDIR
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const ALICE = '1203112031';
const BOB = '1203100000';

(async () => {
  const [url, outDir] = process.argv.slice(2);
  fs.mkdirSync(outDir, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notebooklib-explorer-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  const errors = [], external = [], tiles = [];
  const out = { errors, externalRequests: external };
  try {
    const page = await context.newPage();
    page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    page.on('pageerror', e => errors.push('page: ' + e.message));
    // A reload cancels the requests still in flight (net::ERR_ABORTED): that is the browser, not a failure.
    page.on('requestfailed', r => { if (!/ERR_ABORTED/.test(r.failure()?.errorText || '')) errors.push('request failed: ' + r.url().slice(0, 120)); });
    page.on('request', r => {
      if (!r.url().startsWith('http://127.0.0.1:')) external.push(r.url());
      if (r.url().includes('/api/tile?')) tiles.push(r.url());
    });
    const shot = name => page.screenshot({ path: path.join(outDir, name) });
    const tilesLoaded = () => page.waitForFunction(() => {
      const t = [...document.querySelectorAll('img.tile')];
      return t.length > 0 && t.every(i => i.complete && i.naturalWidth > 0);
    }, null, { timeout: 60000 });
    const cursor = () => page.evaluate(() => {
      const c = document.getElementById('cursor'), z = c.offsetWidth;
      return { col: Math.round(c.offsetLeft / z), row: Math.round(c.offsetTop / z), size: z,
               cols: Math.round(document.getElementById('sheet').offsetWidth / z) };
    });
    const badges = cls => page.$$eval(`.badge.${cls}`, b => b.map(x => ({ image: +x.parentElement.dataset.image, label: +x.dataset.label })));
    const typeLabels = async (digits, count) => {
      for (const d of digits) await page.keyboard.press(d);
      await page.waitForFunction(n => document.querySelectorAll('.badge.mine').length === n, count, { timeout: 30000 });
    };

    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#login:not([hidden])', { timeout: 30000 });
    out.title = await page.title();
    await page.fill('#login-name', 'alice');
    await page.press('#login-name', 'Enter');
    await tilesLoaded();
    out.tileImages = await page.$$eval('img.tile', t => t.length);
    out.tileRequestsAtStart = tiles.length;
    out.statusAtStart = await page.textContent('#status');
    await shot('1-mosaic.png');

    for (const k of ['d', 'd', 'd', 'd', 'a', 's', 's']) await page.keyboard.press(k);
    out.moved = await cursor();
    const at = out.moved.row * out.moved.cols + out.moved.col;
    await page.waitForFunction(p => document.getElementById('focus-name').textContent.startsWith(`#${p} `), at, { timeout: 10000 })
      .catch(e => errors.push('the focus view did not follow the selection: ' + e.message));
    out.focusName = await page.textContent('#focus-name');
    await typeLabels(ALICE, 10);
    out.alice = await badges('mine');
    out.afterLabels = await cursor();
    await page.keyboard.press('t');
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('9990 shown'), null, { timeout: 20000 });
    out.hiddenStatus = await page.textContent('#status');
    out.badgesWhileHidden = (await badges('mine')).length;
    await page.keyboard.press('t');
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('10000 shown'), null, { timeout: 20000 });
    await page.keyboard.press('+');
    out.zoomedIn = (await cursor()).size;
    await page.keyboard.press('-');
    out.zoomedBack = (await cursor()).size;
    await page.keyboard.press('h');
    out.helpShown = await page.isVisible('#help');
    await shot('2-alice-labelled.png');
    await page.keyboard.press('Escape');
    out.helpClosed = !(await page.isVisible('#help'));

    // bob on the same browser: forget alice, log in again, label the same ten images.
    await page.evaluate(() => localStorage.removeItem('explorer-user'));
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#login:not([hidden])', { timeout: 30000 });
    await page.fill('#login-name', 'bob');
    await page.press('#login-name', 'Enter');
    await tilesLoaded();
    out.bobSeesAlice = (await badges('consensus')).length;
    for (const k of ['d', 'd', 'd', 's', 's']) await page.keyboard.press(k);
    await typeLabels(BOB, 10);

    await page.reload({ waitUntil: 'load' });
    await tilesLoaded();
    await page.waitForFunction(() => document.querySelectorAll('.badge.mine').length === 10, null, { timeout: 30000 });
    out.userAfterReload = await page.textContent('#who');
    out.bob = await badges('mine');
    out.consensus = await page.$$eval('.badge.consensus', b => b.map(x => ({ image: +x.parentElement.dataset.image, label: +x.dataset.label, text: x.textContent })));
    // Select the first disagreement (alice 1, bob 0) and read the focus panel.
    await page.evaluate(() => document.getElementById('mosaic').focus());
    for (const k of ['d', 'd', 'd', 's', 's', 'd', 'd', 'd', 'd', 'd']) await page.keyboard.press(k);
    await page.waitForFunction(() => document.getElementById('focus-consensus').textContent.includes('Dawid'), null, { timeout: 10000 });
    out.focusConsensus = await page.textContent('#focus-consensus');
    out.focusLabels = await page.textContent('#focus-labels');
    out.statusAtEnd = await page.textContent('#status');
    await shot('3-bob-after-reload.png');
    out.tileRequests = tiles.length;
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e.stack || String(e)); process.exit(1); });

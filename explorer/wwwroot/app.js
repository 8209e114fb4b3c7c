// The cutouts explorer's page: a mosaic that asks the server only for the tiles on screen, a focus
// panel, and keyboard labelling. Everything goes through the same HTTP API that scripts use.
'use strict';
const TILE = 8;                                   // a tile is up to 8 x 8 cells of the mosaic
const ZOOMS = [24, 32, 48, 64, 96, 128, 192];
const COLOURS = ['#6cf', '#fc6', '#9e6', '#f77', '#c9f', '#6fc', '#fa6', '#ccc', '#f6c', '#9cf'];
const $ = id => document.getElementById(id);
const S = {
  info: null, user: null, ids: [], pos: 0, zoom: 64, cols: 1,
  mine: new Map(), consensus: new Map(), tiles: new Map(), version: 0, showLabelled: true,
};

async function api(path, init) {
  const r = await fetch(path, init);
  const type = r.headers.get('content-type') || '';
  const body = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new Error((body && body.error) || `${r.status} ${path}`);
  return body;
}
function showError(e) { $('error').textContent = String(e.message || e); $('error').hidden = false; setTimeout(() => { $('error').hidden = true; }, 6000); }

async function start() {
  S.info = await api('api/info');
  document.title = $('title').textContent = `${S.info.title} (${S.info.count} images)`;
  if (S.info.storeProblem) showError(S.info.storeProblem);
  const f = $('filter');
  f.innerHTML = '<option value="all">all</option><option value="unlabelled">unlabelled by me</option><option value="labelled">labelled by me</option>'
    + S.info.classes.map((c, i) => `<option value="class:${i}">consensus: ${esc(c)}</option>`).join('');
  $('sort').innerHTML = '<option value="index">index</option><option value="next">ask me next</option><option value="similar">similar to selected</option>'
    + S.info.columns.map(c => `<option value="column:${esc(c)}">${esc(c)}</option>`).join('');
  $('classes').innerHTML = S.info.classes.map((c, i) => `<span style="background:${COLOURS[i]}">${i} ${esc(c)}</span>`).join('');
  for (const id of ['stretch', 'invert']) $(id).onchange = () => { clearTiles(); render(); focus(); };
  for (const id of ['filter', 'sample', 'sort', 'desc']) $(id).onchange = () => loadView();
  $('who').onclick = () => login(true);
  $('mosaic').addEventListener('scroll', () => render());
  $('mosaic').addEventListener('click', e => {
    const r = $('sheet').getBoundingClientRect();
    const p = Math.floor((e.clientY - r.top) / S.zoom) * S.cols + Math.floor((e.clientX - r.left) / S.zoom);
    if (p < S.ids.length) select(p);
  });
  window.addEventListener('resize', () => layout());
  document.addEventListener('keydown', key);
  const fromUrl = new URLSearchParams(location.search).get('user');
  S.user = fromUrl || localStorage.getItem('explorer-user');
  if (!S.user) login(false); else await begin();
}

function login(change) {
  $('login').hidden = false;
  $('login-name').value = change ? S.user : '';
  $('login-name').focus();
  $('login-form').onsubmit = async e => {
    e.preventDefault();
    const name = $('login-name').value.trim();
    if (!name) return;
    S.user = name;
    localStorage.setItem('explorer-user', name);
    $('login').hidden = true;
    await begin();
  };
}

async function begin() {
  $('who').textContent = `user: ${S.user}`;
  const mine = await api(`api/labels?user=${encodeURIComponent(S.user)}`);
  S.mine = new Map(mine.labels.map(l => [l.image, l.label]));
  await refreshConsensus();
  await loadView();
  $('mosaic').focus();
}

async function refreshConsensus() {
  const c = await api('api/consensus');
  S.consensus = new Map(c.images.map(r => [r.image, r]));
  status();
}

async function loadView() {
  const q = new URLSearchParams({ user: S.user });
  const f = $('filter').value;
  if (f.startsWith('class:')) { q.set('filter', 'class'); q.set('class', f.slice(6)); }
  else q.set('filter', S.showLabelled || f !== 'all' ? f : 'unlabelled');
  const sort = $('sort').value;
  if (sort.startsWith('column:')) { q.set('sort', 'column'); q.set('column', sort.slice(7)); }
  else q.set('sort', sort);
  if (sort === 'similar') q.set('to', String(S.ids[S.pos] ?? 0));
  if ($('desc').checked) q.set('desc', '1');
  if (+$('sample').value > 0) { q.set('sample', $('sample').value); q.set('seed', '1'); }
  const keep = S.ids[S.pos];
  const v = await api('api/view?' + q);
  S.ids = v.ids;
  const back = S.ids.indexOf(keep);
  S.pos = sort === 'similar' || sort === 'next' ? 0 : back >= 0 ? back : Math.min(S.pos, Math.max(0, S.ids.length - 1));
  S.version++;
  layout();
  focus();
  status();
}

function layout() {
  const width = $('mosaic').clientWidth;
  S.cols = Math.max(1, Math.floor(width / S.zoom));
  const rows = Math.ceil(S.ids.length / S.cols);
  $('sheet').style.width = `${S.cols * S.zoom}px`;
  $('sheet').style.height = `${rows * S.zoom}px`;
  clearTiles();
  render();
  reveal();
}

function clearTiles() {
  for (const img of S.tiles.values()) img.remove();
  S.tiles.clear();
}

// Only the tiles that meet the visible rectangle (and one tile row around it) are asked for.
function render() {
  const m = $('mosaic'), z = S.zoom, span = TILE * z;
  const r0 = Math.max(0, Math.floor(m.scrollTop / span) - 1), r1 = Math.floor((m.scrollTop + m.clientHeight) / span) + 1;
  const c0 = Math.max(0, Math.floor(m.scrollLeft / span)), c1 = Math.floor((m.scrollLeft + m.clientWidth) / span);
  const rows = Math.ceil(S.ids.length / S.cols);
  const wanted = new Set();
  const stretch = $('stretch').value, invert = $('invert').checked ? 1 : 0;
  for (let tr = r0; tr <= r1 && tr * TILE < rows; tr++) {
    for (let tc = c0; tc <= c1 && tc * TILE < S.cols; tc++) {
      const key = `${S.version}:${tr}:${tc}`;
      wanted.add(key);
      if (S.tiles.has(key)) continue;
      const cols = Math.min(TILE, S.cols - tc * TILE), ids = [];
      for (let y = 0; y < TILE && tr * TILE + y < rows; y++)
        for (let x = 0; x < cols; x++) {
          const p = (tr * TILE + y) * S.cols + tc * TILE + x;
          ids.push(p < S.ids.length ? S.ids[p] : -1);
        }
      const img = new Image();
      img.className = 'tile';
      img.style.left = `${tc * span}px`;
      img.style.top = `${tr * span}px`;
      img.width = cols * z;
      img.height = Math.ceil(ids.length / cols) * z;
      img.src = `api/tile?ids=${ids.join(',')}&cols=${cols}&size=${z}&stretch=${stretch}&invert=${invert}`;
      $('sheet').appendChild(img);
      S.tiles.set(key, img);
    }
  }
  for (const [key, img] of S.tiles) if (!wanted.has(key)) { img.remove(); S.tiles.delete(key); }
  marks(r0 * TILE, (r1 + 1) * TILE, c0 * TILE, (c1 + 1) * TILE);
  cursor();
}

// Label badges for the cells on screen: the user's own label (top left), the consensus (bottom right).
function marks(row0, row1, col0, col1) {
  for (const el of [...document.querySelectorAll('.cell-mark')]) el.remove();
  const z = S.zoom, frag = document.createDocumentFragment();
  for (let row = row0; row < row1; row++)
    for (let col = col0; col < Math.min(col1, S.cols); col++) {
      const p = row * S.cols + col;
      if (p >= S.ids.length) break;
      const id = S.ids[p], mine = S.mine.get(id), c = S.consensus.get(id);
      if (mine === undefined && !c) continue;
      const el = document.createElement('div');
      el.className = 'cell-mark';
      el.dataset.image = id;
      Object.assign(el.style, { left: `${col * z}px`, top: `${row * z}px`, width: `${z}px`, height: `${z}px` });
      if (mine !== undefined) {
        el.style.borderColor = COLOURS[mine];
        el.innerHTML += `<span class="badge mine" data-label="${mine}" style="background:${COLOURS[mine]}">${mine}</span>`;
      }
      if (c) el.innerHTML += `<span class="badge consensus" data-label="${c.dawidSkene}" style="background:${COLOURS[c.dawidSkene]}">${c.dawidSkene}·${Math.round(c.agreement * 100)}%</span>`;
      frag.appendChild(el);
    }
  $('sheet').appendChild(frag);
}

function cursor() {
  const el = $('cursor'), z = S.zoom;
  el.hidden = S.ids.length === 0;
  Object.assign(el.style, { left: `${(S.pos % S.cols) * z}px`, top: `${Math.floor(S.pos / S.cols) * z}px`, width: `${z}px`, height: `${z}px` });
}

function reveal() {
  const m = $('mosaic'), z = S.zoom;
  const top = Math.floor(S.pos / S.cols) * z, left = (S.pos % S.cols) * z;
  if (top < m.scrollTop) m.scrollTop = top;
  else if (top + z > m.scrollTop + m.clientHeight) m.scrollTop = top + z - m.clientHeight;
  if (left < m.scrollLeft) m.scrollLeft = left;
  else if (left + z > m.scrollLeft + m.clientWidth) m.scrollLeft = left + z - m.clientWidth;
}

function select(p) {
  S.pos = Math.max(0, Math.min(S.ids.length - 1, p));
  reveal();
  render();
  focus();
}

let focusTimer = null;
function focus() {
  clearTimeout(focusTimer);
  focusTimer = setTimeout(async () => {
    const id = S.ids[S.pos];
    if (id === undefined) return;
    const stretch = $('stretch').value, invert = $('invert').checked ? 1 : 0;
    $('focus-img').src = `api/images/${id}/png?size=256&stretch=${stretch}&invert=${invert}`;
    const d = await api(`api/images/${id}`);
    if (id !== S.ids[S.pos]) return;   // the selection moved on meanwhile
    $('focus-name').textContent = `#${d.id} ${d.name} (${d.width}×${d.height})`;
    $('focus-meta').innerHTML = Object.entries(d.metadata).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(String(v))}</td></tr>`).join('');
    $('focus-labels').innerHTML = Object.entries(d.labels).map(([u, l]) => `<tr><td>${esc(u)}</td><td>${l} ${esc(S.info.classes[l] ?? '')}</td></tr>`).join('') || '<tr><td>none yet</td></tr>';
    const c = d.consensus;
    $('focus-consensus').textContent = c
      ? `majority: ${S.info.classes[c.majority]} (${Math.round(c.agreement * 100)}% of ${c.votes}${c.tie ? ', tie' : ''}); Dawid–Skene: ${S.info.classes[c.dawidSkene]} (p = ${c.confidence.toFixed(2)})`
      : 'no consensus yet';
  }, 60);
}

function status() {
  const labelled = S.consensus.size;
  $('status').textContent = `you: ${S.mine.size} labelled · consensus on ${labelled} · ${S.ids.length} shown`;
}

// Labels are posted one after another (a queue), so that fast typing never races; the selection moves
// on at once and the badge appears when the server has committed the label.
let posting = Promise.resolve();
function label(value) {
  const id = S.ids[S.pos];
  if (id === undefined) return;
  if (value !== null) S.pos = Math.min(S.ids.length - 1, S.pos + 1);
  reveal();
  render();
  focus();
  posting = posting.then(async () => {
    try {
      await api('api/labels', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ image: id, label: value, user: S.user }) });
    } catch (e) { showError(e); return; }
    if (value === null) S.mine.delete(id); else S.mine.set(id, value);
    await refreshConsensus();
    render();
    focus();
  });
}

function zoom(step) {
  const i = Math.max(0, Math.min(ZOOMS.length - 1, ZOOMS.indexOf(S.zoom) + step));
  S.zoom = ZOOMS[i];
  layout();
}

function key(e) {
  if (!$('login').hidden || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) { if (e.key === 'Escape') e.target.blur(); return; }
  if (!$('help').hidden) { $('help').hidden = true; e.preventDefault(); return; }
  const k = e.key;
  if (k === 'w' || k === 'ArrowUp') select(S.pos - S.cols);
  else if (k === 's' || k === 'ArrowDown') select(S.pos + S.cols);
  else if (k === 'a' || k === 'ArrowLeft') select(S.pos - 1);
  else if (k === 'd' || k === 'ArrowRight') select(S.pos + 1);
  else if (/^[0-9]$/.test(k)) {
    const v = +k;
    if (v < S.info.classes.length) label(v); else showError(`there is no class ${v}: the classes are 0–${S.info.classes.length - 1}`);
  }
  else if (k === 'c') label(null);
  else if (k === 't') { S.showLabelled = !S.showLabelled; loadView(); }
  else if (k === '+' || k === '=') zoom(1);
  else if (k === '-' || k === '_') zoom(-1);
  else if (k === 'f') { if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen().catch(() => {}); }
  else if (k === 'h' || k === '?') $('help').hidden = false;
  else if (k === 'i') { $('invert').checked = !$('invert').checked; $('invert').onchange(); }
  else if (k === 'n') { $('sort').value = 'next'; loadView(); }
  else if (k === 'm') { $('sort').value = 'similar'; loadView(); }
  else return;
  e.preventDefault();
}

function esc(s) { return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]); }

start().catch(showError);

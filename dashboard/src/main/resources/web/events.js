// The events page: the store's track events, newest first, with snapshot thumbnails; filters in
// the URL; new events arrive by server-sent events without a reload.
'use strict';

(() => {
  SY.header('events');
  const tbody = document.querySelector('#events tbody');
  const status = document.getElementById('status');
  const form = document.getElementById('filters');
  const shown = new Set(); // row ids on the page
  let maxId = 0;
  let source = null;
  let offset = 0;      // events newer than this page's
  let total = 0;       // events that match the filters
  let newer = 0;       // new events since a page further back was loaded

  const FIELDS = ['camera', 'class', 'zone', 'line', 'kind', 'since', 'until'];

  /** The filters as query parameters (times as epoch ms). */
  function params() {
    const p = new URLSearchParams();
    for (const f of FIELDS) {
      const input = document.getElementById('f-' + f);
      let v = input.value.trim();
      if (!v) continue;
      if (f === 'since' || f === 'until') v = String(new Date(v).getTime());
      p.set(f, v);
    }
    return p;
  }

  function pageSize() {
    return Number(document.getElementById('f-size').value);
  }

  /** "51–100 of 1,234", and the buttons to the pages either side. */
  function showRange() {
    const n = tbody.children.length;
    document.getElementById('range').textContent = total === 0 ? 'no events'
      : (n ? (offset + 1) + '–' + (offset + n) : 'none') + ' of ' + total.toLocaleString('en') + ' events';
    document.getElementById('newer').disabled = offset === 0;
    document.getElementById('older').disabled = offset + n >= total;
    document.getElementById('new-note').textContent = newer ? newer + ' newer since this page was loaded' : '';
  }

  /** Fills the form from the page's URL (?camera=cam1&kind=...). */
  function fromUrl() {
    const q = new URLSearchParams(location.search);
    offset = Math.max(0, Number(q.get('offset')) || 0);
    const size = q.get('limit');
    if (size && [...document.getElementById('f-size').options].some(o => o.value === size)) {
      document.getElementById('f-size').value = size;
    }
    for (const f of FIELDS) {
      const v = q.get(f);
      if (!v) continue;
      const input = document.getElementById('f-' + f);
      if (f === 'since' || f === 'until') {
        const d = new Date(Number(v));
        const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
        input.value = local;
      } else if (input.tagName === 'SELECT' && ![...input.options].some(o => o.value === v)) {
        input.append(SY.el('option', { value: v, text: v }));
        input.value = v;
      } else {
        input.value = v;
      }
    }
  }

  function row(e, fresh) {
    const thumb = SY.el('img', {
      class: 'thumb', loading: 'lazy', alt: 'snapshot of track ' + e.track_id,
      src: '/api/snapshots/' + encodeURIComponent(e.stream_id) + '/' + e.track_id + '/thumb.jpg',
    });
    // The snapshot may reach the store a moment after its event: one more try, then no picture.
    let retried = false;
    thumb.addEventListener('error', () => {
      if (retried) { thumb.hidden = true; return; }
      retried = true;
      setTimeout(() => { thumb.src = thumb.src.split('?')[0] + '?retry=1'; }, 1500);
    });
    thumb.addEventListener('click', () => openSnapshot(e));
    let what = e.kind.replace('_', ' ');
    if (e.zone !== undefined) what += ' ' + e.zone;
    if (e.line !== undefined) what += ' ' + e.line + (e.direction ? ' (' + e.direction + ')' : '');
    const details = [];
    if (e.duration_ms !== undefined) details.push('seen ' + (e.duration_ms / 1000).toFixed(1) + ' s');
    if (e.zones && e.zones.length) details.push('zones ' + e.zones.join(', '));
    const tr = SY.el('tr', { 'data-id': String(e.id), 'data-kind': e.kind, 'data-stream': e.stream_id, class: fresh ? 'new' : '' },
      SY.el('td', { class: 'thumb' }, thumb),
      // The time opens the event's own page: its recordings, played where the browser can.
      SY.el('td', {}, SY.el('a', { class: 'event-link', href: 'event.html?id=' + e.id, title: 'the event and its recordings', text: SY.time(e.ts) })),
      SY.el('td', {}, SY.el('a', { href: 'camera.html?id=' + encodeURIComponent(e.stream_id), text: e.stream_id })),
      SY.el('td', {}, SY.el('span', { class: 'kind ' + e.kind, text: what })),
      SY.el('td', { text: e.label || (e.class_id !== undefined ? 'class ' + e.class_id : '') }),
      SY.el('td', { class: 'num', text: '#' + e.track_id }),
      SY.el('td', { class: 'num', text: e.conf === null || e.conf === undefined ? '' : Math.round(e.conf * 100) + '%' }),
      SY.el('td', { class: 'muted', text: details.join(' · ') }));
    return tr;
  }

  function openSnapshot(e) {
    const dialog = document.getElementById('snapshot-dialog');
    document.getElementById('snapshot-title').textContent = e.stream_id + ' · track #' + e.track_id + ' · ' + (e.label || '');
    document.getElementById('snapshot-full').src = '/api/snapshots/' + encodeURIComponent(e.stream_id) + '/' + e.track_id + '.jpg';
    dialog.showModal();
  }

  function add(e, fresh) {
    if (shown.has(e.id)) return;
    shown.add(e.id);
    maxId = Math.max(maxId, e.id);
    const tr = row(e, fresh);
    // Newest first: by capture time, then id.
    let before = null;
    for (const other of tbody.children) {
      const ts = Number(other.dataset.ts);
      if (ts < e.ts || (ts === e.ts && Number(other.dataset.id) < e.id)) { before = other; break; }
    }
    tr.dataset.ts = e.ts;
    tbody.insertBefore(tr, before);
    // The first page keeps the newest: the oldest row moves on to the next page.
    while (tbody.children.length > pageSize()) {
      const last = tbody.lastElementChild;
      shown.delete(Number(last.dataset.id));
      last.remove();
    }
    document.getElementById('empty').hidden = true;
  }

  async function load() {
    const err = document.getElementById('filter-error');
    err.textContent = '';
    if (source) { source.close(); source = null; }
    tbody.replaceChildren();
    shown.clear();
    maxId = 0;
    const p = params();
    const page = new URLSearchParams(p);
    if (offset > 0) page.set('offset', String(offset));
    if (pageSize() !== 50) page.set('limit', String(pageSize()));
    history.replaceState(null, '', page.toString() ? '?' + page : location.pathname);
    let body;
    try {
      body = await SY.api('/api/events?' + p + '&limit=' + pageSize() + '&offset=' + offset);
    } catch (e) {
      err.textContent = e.message;
      return;
    }
    body.events.forEach(e => add(e, false));
    total = body.total;
    newer = 0;
    showRange();
    document.getElementById('empty').hidden = body.events.length > 0;
    // Follow new events from the store's last id when the page was read: the rows of every page
    // have smaller ids (written in any order of time), so only new ones come.
    const live = new URLSearchParams(p);
    live.set('after', String(body.last_id ?? maxId));
    source = new EventSource('/api/events/stream?' + live);
    source.addEventListener('open', () => { status.textContent = 'live'; });
    source.addEventListener('error', () => { status.textContent = 'reconnecting…'; });
    source.addEventListener('event', m => {
      const e = JSON.parse(m.data);
      if (shown.has(e.id)) return;
      total++;
      // Only the first page takes new rows; a page further back stays as it is.
      if (offset === 0) add(e, true);
      else newer++;
      showRange();
    });
    source.addEventListener('failure', m => { err.textContent = JSON.parse(m.data).error; source.close(); });
  }

  async function cameras() {
    try {
      const body = await SY.api('/api/cameras');
      const select = document.getElementById('f-camera');
      const have = new Set([...select.options].map(o => o.value));
      for (const c of body.cameras) {
        if (!have.has(c.stream_id)) select.append(SY.el('option', { value: c.stream_id, text: c.stream_id }));
      }
    } catch (e) {
      // The filter still takes any id typed in the URL.
    }
  }

  form.addEventListener('submit', ev => { ev.preventDefault(); offset = 0; load(); });
  document.getElementById('f-clear').addEventListener('click', () => { form.reset(); offset = 0; load(); });
  document.getElementById('f-size').addEventListener('change', () => { offset = 0; load(); });
  document.getElementById('newer').addEventListener('click', () => { offset = Math.max(0, offset - pageSize()); load(); });
  document.getElementById('older').addEventListener('click', () => { offset += pageSize(); load(); });
  /** A time for a datetime-local field (local time, to the second). */
  function local(d) {
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  }

  function setTimes(since, until) {
    document.getElementById('f-since').value = local(since);
    document.getElementById('f-until').value = until ? local(until) : '';
    offset = 0;
    load();
  }

  // Presets: from that long ago until now (and on, as new events come); today; yesterday (local days).
  for (const b of document.querySelectorAll('[data-preset]')) {
    b.addEventListener('click', () => setTimes(new Date(Date.now() - Number(b.dataset.preset)), null));
  }
  for (const b of document.querySelectorAll('[data-day]')) {
    b.addEventListener('click', () => {
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      if (b.dataset.day === '0') {
        setTimes(midnight, null);
      } else {
        const before = new Date(midnight);
        before.setDate(before.getDate() - 1);
        setTimes(before, midnight);
      }
    });
  }
  fromUrl();
  cameras().then(fromUrl);
  load();
})();

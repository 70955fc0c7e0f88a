// One camera: the large live view with its zones and lines, their counts, settings, STOP, and
// drawing a zone or a line on the picture (sent as UPDATE, in coordinates relative to the frame).
'use strict';

(() => {
  SY.header('');
  const id = new URLSearchParams(location.search).get('id') || '';
  const canvas = document.getElementById('view');
  const boxes = document.getElementById('boxes');
  const geometry = document.getElementById('geometry');
  let cam = null;         // the camera's last state from the API
  let settingsFilled = false;
  let defaults = null;    // the job's defaults, for settings the camera does not give
  SY.showJobDefaults({
    fps: document.getElementById('set-fps'),
    conf: document.getElementById('set-conf'),
    classes: document.getElementById('set-classes'),
  }).then(d => { defaults = d; if (cam) render(); });
  // What is being drawn: null, or {kind: 'zone'|'line', points: [[x, y], ...] relative, closed}.
  let drawing = null;
  let pending = null;     // zones and lines sent, until the job reports them

  document.getElementById('cam-name').textContent = id;
  document.getElementById('cam-name').title = id;
  document.title = id + ' · streamyolo';
  document.getElementById('events-link').href = 'events.html?camera=' + encodeURIComponent(id);

  const loop = new SY.FrameLoop(id, canvas, {
    statsSuffix: ':large',
    boxes: () => boxes.checked,
    overlay: (g, w, h) => {
      if (geometry.checked && cam) SY.drawGeometry(g, w, h, cam.zones, cam.lines, cam.zone_counts, cam.line_counts);
    },
    after: (g, w, h) => drawDraft(g, w, h),
    onFrame: meta => {
      document.getElementById('placeholder').hidden = true;
      document.getElementById('frame-info').textContent = meta.width + '×' + meta.height + ' · frame ' + meta.frame_seq
        + ' · ' + SY.time(meta.ts);
    },
  });
  boxes.addEventListener('change', () => loop.draw());
  geometry.addEventListener('change', () => loop.draw());

  function text(elId, value) {
    document.getElementById(elId).textContent = value === null || value === undefined || value === '' ? '–' : value;
  }

  function render() {
    const st = SY.stateOf(cam);
    const badge = document.getElementById('cam-state');
    badge.textContent = st.text;
    badge.className = 'state ' + st.cls;
    document.getElementById('cam-reason').textContent = cam.reason && cam.state !== 'live' ? cam.reason : '';
    text('cam-fps', cam.fps === null ? null : cam.fps.toFixed(1) + ' fps');
    text('cam-dropped', cam.dropped === null ? null : cam.dropped + ' frames in the last interval');
    text('cam-skipped', cam.skipped === null ? null : cam.skipped + ' frames in the last interval');
    text('cam-predicted', cam.predicted === null ? null : cam.predicted + ' frames in the last interval');
    text('cam-objects', cam.objects);
    text('cam-model', cam.model);
    const s = cam.settings || {};
    const parts = [];
    // A setting the camera does not give is the job's default.
    const given = v => v !== undefined && v !== null;
    if (given(s.max_fps)) parts.push('max fps ' + SY.fpsText(s.max_fps));
    else if (defaults) parts.push('max fps ' + SY.fpsText(defaults.max_fps) + ' (job default)');
    if (given(s.conf)) parts.push('confidence ' + s.conf);
    else if (defaults) parts.push('confidence ' + defaults.conf + ' (job default)');
    if (given(s.classes)) parts.push('classes ' + SY.classesText(s.classes));
    else parts.push('classes ' + (defaults ? SY.classesText(defaults.classes) + ' (job default)' : 'all'));
    if (s.priority) parts.push('priority ' + s.priority);
    text('cam-settings', parts.join(' · '));
    text('cam-age', SY.age(cam.age_ms));
    if (!settingsFilled) {
      settingsFilled = true;
      document.getElementById('set-fps').value = s.max_fps ?? '';
      document.getElementById('set-conf').value = s.conf ?? '';
      document.getElementById('set-classes').value = s.classes && s.classes.length ? s.classes.join(', ') : '';
    }
    renderGeometry();
    document.getElementById('stop').disabled = cam.state === 'stopped';
    if (cam.state === 'stopped') loop.stop();
    else loop.start();
    loop.draw();
  }

  function renderGeometry() {
    const zbody = document.querySelector('#zones tbody');
    zbody.replaceChildren();
    for (const z of cam.zones || []) {
      const del = SY.el('button', { type: 'button', class: 'danger', text: 'Delete' });
      del.addEventListener('click', () => save(cam.zones.filter(x => x.name !== z.name), cam.lines, 'geometry', 'Deleted zone ' + z.name));
      zbody.append(SY.el('tr', { 'data-zone': z.name }, SY.el('td', { text: z.name }),
        SY.el('td', { class: 'num', text: String(cam.zone_counts[z.name] ?? 0) }), SY.el('td', {}, del)));
    }
    if (!zbody.children.length) zbody.append(SY.el('tr', {}, SY.el('td', { class: 'muted', colSpan: 3, text: 'none' })));
    const lbody = document.querySelector('#lines tbody');
    lbody.replaceChildren();
    for (const l of cam.lines || []) {
      const c = cam.line_counts[l.name] || {};
      const del = SY.el('button', { type: 'button', class: 'danger', text: 'Delete' });
      del.addEventListener('click', () => save(cam.zones, cam.lines.filter(x => x.name !== l.name), 'geometry', 'Deleted line ' + l.name));
      lbody.append(SY.el('tr', { 'data-line': l.name }, SY.el('td', { text: l.name }),
        SY.el('td', { class: 'num', text: String(c.in ?? 0) }), SY.el('td', { class: 'num', text: String(c.out ?? 0) }),
        SY.el('td', {}, del)));
    }
    if (!lbody.children.length) lbody.append(SY.el('tr', {}, SY.el('td', { class: 'muted', colSpan: 4, text: 'none' })));
  }

  /** Instead of the camera's page: why there is none, and the way back. */
  function missing(title, textValue) {
    document.getElementById('missing-title').textContent = title;
    document.getElementById('missing-text').textContent = textValue;
    document.getElementById('missing').hidden = false;
    document.getElementById('camera-page').hidden = true;
    document.title = title + ' · streamyolo';
  }

  async function refresh() {
    try {
      try {
        cam = await SY.api('/api/cameras/' + encodeURIComponent(id));
      } catch (e) {
        if (e.status !== 404) throw e;
        // Asked again each second: a camera just started appears when the job reports it.
        loop.stop();
        missing('No camera "' + (id.length > 80 ? id.slice(0, 80) + '…' : id) + '"',
          'The event store has no camera with this id: it was never started, or the job has not reported it yet.'
          + ' This page shows it as soon as it does.');
        return;
      }
      if (!document.getElementById('missing').hidden) {
        document.getElementById('missing').hidden = true;
        document.getElementById('camera-page').hidden = false;
        document.title = id + ' · streamyolo';
      }
      // Zones and lines just saved show until the job's next state has them (or 6 s passed).
      if (pending) {
        const same = JSON.stringify(cam.zones.map(z => z.name)) === JSON.stringify(pending.zones.map(z => z.name))
          && JSON.stringify(cam.lines.map(l => l.name)) === JSON.stringify(pending.lines.map(l => l.name));
        if (same || Date.now() - pending.at > 6000) pending = null;
        else { cam.zones = pending.zones; cam.lines = pending.lines; }
      }
      render();
    } catch (e) {
      document.getElementById('cam-reason').textContent = e.message;
    }
  }

  /** UPDATE with the camera's zones and lines (both lists, so that neither is lost). */
  async function save(zones, lines, where, message) {
    const err = document.getElementById(where + '-error');
    err.textContent = '';
    const r = await SY.sendCommand({ type: 'UPDATE', stream_id: id, zones: zones || [], lines: lines || [] });
    if (!r.ok) {
      err.textContent = r.error;
      return false;
    }
    const ok = document.getElementById(where + '-ok');
    if (ok) ok.textContent = message + ': the job applies it within a second or two.';
    // Show it at once; the camera's next state confirms it.
    pending = { zones, lines, at: Date.now() };
    cam.zones = zones;
    cam.lines = lines;
    renderGeometry();
    loop.draw();
    return true;
  }

  // ---- Drawing ------------------------------------------------------------------------------

  const panel = document.getElementById('draw-panel');
  const help = document.getElementById('draw-help');
  const saveButton = document.getElementById('draw-save');

  function startDrawing(kind) {
    drawing = { kind, points: [], closed: false };
    panel.hidden = false;
    canvas.classList.add('drawing');
    document.getElementById('draw-in-label').hidden = kind !== 'line';
    document.getElementById('draw-close').hidden = kind !== 'zone';
    document.getElementById('draw-error').textContent = '';
    document.getElementById('draw-ok').textContent = '';
    const name = document.getElementById('draw-name');
    const list = cam ? (kind === 'zone' ? cam.zones : cam.lines) : [];
    const used = new Set((list || []).map(x => x.name));
    let n = 1;
    while (used.has(kind + n)) n++;
    name.value = kind + n;
    updateDraft();
  }

  function stopDrawing() {
    drawing = null;
    panel.hidden = true;
    canvas.classList.remove('drawing');
    loop.draw();
  }

  function updateDraft() {
    if (!drawing) return;
    if (drawing.kind === 'zone') {
      help.textContent = drawing.closed
        ? 'Polygon closed: name it and save.'
        : 'Click the corners of the zone on the picture; click the first corner again (or Close polygon) to close it. '
          + drawing.points.length + ' corner(s) so far.';
      saveButton.disabled = !drawing.closed;
    } else {
      help.textContent = drawing.points.length < 2
        ? 'Click the line\'s two ends on the picture: a, then b. ' + drawing.points.length + ' of 2.'
        : 'Line drawn: pick the side that counts as in (the arrow), name it and save.';
      saveButton.disabled = drawing.points.length < 2;
    }
    loop.draw();
  }

  function drawDraft(g, w, h) {
    if (!drawing || !drawing.points.length) return;
    const pts = drawing.points.map(p => [p[0] * w, p[1] * h]);
    const lw = Math.max(2, w / 250);
    g.lineWidth = lw;
    g.strokeStyle = '#ff4fd8';
    g.fillStyle = 'rgba(255, 79, 216, 0.2)';
    g.beginPath();
    pts.forEach((p, i) => (i ? g.lineTo(p[0], p[1]) : g.moveTo(p[0], p[1])));
    if (drawing.closed) { g.closePath(); g.fill(); }
    g.stroke();
    for (const p of pts) {
      g.beginPath();
      g.arc(p[0], p[1], lw * 2.5, 0, 2 * Math.PI);
      g.fillStyle = '#ff4fd8';
      g.fill();
    }
    if (drawing.kind === 'line' && pts.length === 2) {
      const side = document.getElementById('draw-in').value;
      const n = SY.inNormal(pts[0], pts[1], side);
      const mx = (pts[0][0] + pts[1][0]) / 2, my = (pts[0][1] + pts[1][1]) / 2, len = Math.max(24, w / 20);
      g.beginPath();
      g.moveTo(mx, my);
      g.lineTo(mx + n[0] * len, my + n[1] * len);
      g.stroke();
      g.font = '600 ' + Math.max(12, Math.round(w / 45)) + 'px system-ui, sans-serif';
      g.fillStyle = '#ff4fd8';
      g.fillText('in', mx + n[0] * len * 1.2, my + n[1] * len * 1.2);
      g.fillText('a', pts[0][0] + 8, pts[0][1] - 8);
      g.fillText('b', pts[1][0] + 8, pts[1][1] - 8);
    }
  }

  canvas.addEventListener('click', ev => {
    if (!drawing) return;
    ev.preventDefault();
    const r = canvas.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width));
    const y = Math.min(1, Math.max(0, (ev.clientY - r.top) / r.height));
    const p = [Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000];
    if (drawing.kind === 'zone') {
      if (drawing.closed) return;
      const first = drawing.points[0];
      // The first corner again (within 12 screen pixels) closes the polygon.
      if (first && drawing.points.length >= 3
          && Math.hypot((first[0] - x) * r.width, (first[1] - y) * r.height) < 12) {
        drawing.closed = true;
      } else {
        drawing.points.push(p);
      }
    } else if (drawing.points.length < 2) {
      drawing.points.push(p);
    }
    updateDraft();
  });

  document.getElementById('draw-zone').addEventListener('click', () => startDrawing('zone'));
  document.getElementById('draw-line').addEventListener('click', () => startDrawing('line'));
  document.getElementById('draw-cancel').addEventListener('click', stopDrawing);
  document.getElementById('draw-in').addEventListener('change', () => loop.draw());
  document.getElementById('draw-undo').addEventListener('click', () => {
    if (!drawing) return;
    if (drawing.closed) drawing.closed = false;
    else drawing.points.pop();
    updateDraft();
  });
  document.getElementById('draw-close').addEventListener('click', () => {
    if (drawing && drawing.kind === 'zone' && drawing.points.length >= 3) {
      drawing.closed = true;
      updateDraft();
    }
  });
  document.getElementById('draw-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    if (!drawing || !cam) return;
    const name = document.getElementById('draw-name').value.trim();
    let zones = cam.zones || [];
    let lines = cam.lines || [];
    if (drawing.kind === 'zone') {
      zones = zones.concat([{ name, polygon: drawing.points }]);
    } else {
      lines = lines.concat([{ name, a: drawing.points[0], b: drawing.points[1], in: document.getElementById('draw-in').value }]);
    }
    const kind = drawing.kind;
    if (await save(zones, lines, 'draw', 'Saved ' + kind + ' ' + name)) stopDrawing();
  });

  // ---- Settings and STOP --------------------------------------------------------------------

  document.getElementById('settings-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const err = document.getElementById('settings-error');
    const ok = document.getElementById('settings-ok');
    err.textContent = '';
    ok.textContent = '';
    const command = { type: 'UPDATE', stream_id: id };
    const fps = SY.num(document.getElementById('set-fps'));
    if (fps !== undefined) command.max_fps = fps;
    const conf = SY.num(document.getElementById('set-conf'));
    if (conf !== undefined) command.conf = conf;
    // An empty field leaves the classes as they are (the job's default, unless the camera had its own:
    // then emptying it means all classes).
    const classes = SY.parseClasses(document.getElementById('set-classes').value);
    if (classes.length || (cam && cam.settings && cam.settings.classes && cam.settings.classes.length)) command.classes = classes;
    const r = await SY.sendCommand(command);
    if (!r.ok) err.textContent = r.error;
    else ok.textContent = 'Sent: the job applies it within a second or two.';
  });

  const stop = document.getElementById('stop');
  stop.addEventListener('click', async () => {
    // Two clicks: a camera is not stopped by a stray one.
    if (!stop.classList.contains('armed')) {
      stop.classList.add('armed');
      stop.textContent = 'Click again to stop ' + id;
      setTimeout(() => { stop.classList.remove('armed'); stop.textContent = 'Stop camera'; }, 5000);
      return;
    }
    stop.classList.remove('armed');
    stop.textContent = 'Stop camera';
    const r = await SY.sendCommand({ type: 'STOP', stream_id: id });
    document.getElementById('stop-error').textContent = r.ok ? '' : r.error;
    document.getElementById('stop-ok').textContent = r.ok ? 'Sent STOP: the camera shows as stopped once the job reports it.' : '';
  });

  // ---- Recordings ---------------------------------------------------------------------------

  const CLIPS_PER_PAGE = 10;
  let clipsOffset = 0;

  /** A page of the camera's clips and segments, newest first; the first page is read again every 30 s. */
  async function loadClips() {
    const err = document.getElementById('clips-error');
    let body;
    try {
      body = await SY.api('/api/cameras/' + encodeURIComponent(id) + '/clips?limit=' + CLIPS_PER_PAGE + '&offset=' + clipsOffset);
    } catch (e) {
      err.textContent = e.message;
      return;
    }
    err.textContent = '';
    const player = document.getElementById('clip-player');
    SY.clipRows(document.querySelector('#clips tbody'), body.clips, c => SY.showClip(player, c, 0));
    document.getElementById('clips').hidden = body.clips.length === 0;
    document.getElementById('no-clips').hidden = body.clips.length > 0 || clipsOffset > 0;
    document.getElementById('clips-range').textContent = body.clips.length
      ? (clipsOffset + 1) + '–' + (clipsOffset + body.clips.length) : '';
    document.getElementById('clips-newer').disabled = clipsOffset === 0;
    document.getElementById('clips-older').disabled = !body.more;
  }

  document.getElementById('clips-newer').addEventListener('click', () => {
    clipsOffset = Math.max(0, clipsOffset - CLIPS_PER_PAGE);
    loadClips();
  });
  document.getElementById('clips-older').addEventListener('click', () => { clipsOffset += CLIPS_PER_PAGE; loadClips(); });

  if (!id) {
    missing('No camera given', 'This page shows one camera: open it from a tile of the cameras page (camera.html?id=NAME).');
  } else {
    refresh();
    setInterval(refresh, 1000);
    loadClips();
    setInterval(() => { if (clipsOffset === 0) loadClips(); }, 30_000);
  }
})();

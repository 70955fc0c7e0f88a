// streamyolo dashboard: what every page shares. Plain browser JavaScript, no libraries.
'use strict';

const SY = (() => {
  const PALETTE = ['#ff6b6b', '#4fa3ff', '#2fbf71', '#f0b429', '#b07cff', '#00c2c7', '#ff8fc8', '#c5e04a'];

  /** JSON from the API; throws an Error with the server's message. A 401 goes to the login form. */
  async function api(path, options) {
    const res = await fetch(path, Object.assign({ cache: 'no-store', credentials: 'same-origin' }, options || {}));
    if (res.status === 401) {
      location.href = '/login.html?next=' + encodeURIComponent(location.pathname + location.search);
      throw new Error('login required');
    }
    let body = null;
    const type = res.headers.get('Content-Type') || '';
    if (type.startsWith('application/json')) body = await res.json();
    if (!res.ok) {
      const e = new Error(body && body.error ? body.error : res.status + ' ' + res.statusText);
      e.status = res.status;
      throw e;
    }
    return body;
  }

  /** Sends a command (checked by the server with the job's parser); resolves to {ok} or {error}. */
  async function sendCommand(command) {
    try {
      const body = await api('/api/commands', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(command),
      });
      return { ok: true, body };
    } catch (e) {
      return { ok: false, error: e.message };
    }
  }

  let configPromise = null;
  function config() {
    if (!configPromise) configPromise = api('/api/config');
    return configPromise;
  }

  /** The page header: navigation, the Flink web UI link, logout when a token is in use. */
  function header(active) {
    const top = document.querySelector('header.top');
    if (!top) return;
    top.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === active));
    config().then(c => {
      const flink = document.getElementById('flink-link');
      if (flink && c.flink_ui) { flink.href = c.flink_ui; flink.hidden = false; }
      const logout = document.getElementById('logout');
      if (logout) logout.hidden = !c.auth;
    }).catch(() => {});
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else if (k in e) e[k] = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function color(classId) {
    return PALETTE[((classId % PALETTE.length) + PALETTE.length) % PALETTE.length];
  }

  /** Boxes with class names and track ids, in frame pixels (the canvas has the frame's size). */
  function drawDetections(g, meta) {
    const data = meta.data || [];
    const labels = meta.labels || [];
    const ids = meta.track_ids || [];
    const lw = Math.max(2, meta.width / 320);
    const fontPx = Math.max(12, Math.round(meta.width / 45));
    g.font = '600 ' + fontPx + 'px system-ui, sans-serif';
    g.textBaseline = 'top';
    for (let i = 0; i < data.length; i++) {
      const [box, classId, conf] = data[i];
      const [x1, y1, x2, y2] = box;
      const c = color(classId);
      g.lineWidth = lw;
      g.strokeStyle = c;
      g.strokeRect(x1, y1, x2 - x1, y2 - y1);
      const id = ids[i];
      const text = (labels[i] || ('class ' + classId)) + (id !== undefined && id >= 0 ? ' #' + id : '')
        + ' ' + Math.round(conf * 100) + '%';
      const tw = g.measureText(text).width + 8;
      const ty = y1 - fontPx - 6 >= 0 ? y1 - fontPx - 6 : y1;
      g.fillStyle = c;
      g.fillRect(x1 - lw / 2, ty, tw, fontPx + 6);
      g.fillStyle = '#0b0d10';
      g.fillText(text, x1 + 4 - lw / 2, ty + 3);
    }
    return data.length;
  }

  /** The normal of the "in" side of a line a→b, as seen on the picture (y grows downwards). */
  function inNormal(a, b, side) {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    // Left of a→b on screen: walking down the picture, your left is the picture's right.
    const left = [dy / len, -dx / len];
    return side === 'right' ? [-left[0], -left[1]] : left;
  }

  /** Zones (filled polygons) and lines (with an arrow to their "in" side), relative coordinates. */
  function drawGeometry(g, w, h, zones, lines, zoneCounts, lineCounts) {
    const lw = Math.max(2, w / 300);
    const fontPx = Math.max(12, Math.round(w / 50));
    g.font = '600 ' + fontPx + 'px system-ui, sans-serif';
    g.textBaseline = 'middle';
    for (const z of zones || []) {
      const pts = z.polygon || [];
      if (pts.length < 2) continue;
      g.beginPath();
      pts.forEach((p, i) => (i ? g.lineTo(p[0] * w, p[1] * h) : g.moveTo(p[0] * w, p[1] * h)));
      g.closePath();
      g.fillStyle = 'rgba(240, 180, 41, 0.18)';
      g.fill();
      g.lineWidth = lw;
      g.strokeStyle = '#f0b429';
      g.stroke();
      const n = zoneCounts && zoneCounts[z.name] !== undefined ? ' (' + zoneCounts[z.name] + ')' : '';
      label(g, z.name + n, pts[0][0] * w + 6, pts[0][1] * h + fontPx, '#f0b429', fontPx);
    }
    for (const l of lines || []) {
      if (!l.a || !l.b) continue;
      const ax = l.a[0] * w, ay = l.a[1] * h, bx = l.b[0] * w, by = l.b[1] * h;
      g.lineWidth = lw * 1.5;
      g.strokeStyle = '#4fa3ff';
      g.beginPath();
      g.moveTo(ax, ay);
      g.lineTo(bx, by);
      g.stroke();
      const nrm = inNormal([ax, ay], [bx, by], l.in || 'left');
      const mx = (ax + bx) / 2, my = (ay + by) / 2, len = Math.max(24, w / 25);
      arrow(g, mx, my, mx + nrm[0] * len, my + nrm[1] * len, '#4fa3ff', lw);
      const c = lineCounts && lineCounts[l.name];
      const counts = c ? ' in ' + (c.in || 0) + ' / out ' + (c.out || 0) : '';
      label(g, l.name + counts, mx + nrm[0] * len + 6, my + nrm[1] * len, '#4fa3ff', fontPx);
    }
  }

  function arrow(g, x1, y1, x2, y2, c, lw) {
    const head = Math.max(8, lw * 4);
    const ang = Math.atan2(y2 - y1, x2 - x1);
    g.strokeStyle = c;
    g.fillStyle = c;
    g.lineWidth = lw;
    g.beginPath();
    g.moveTo(x1, y1);
    g.lineTo(x2, y2);
    g.stroke();
    g.beginPath();
    g.moveTo(x2, y2);
    g.lineTo(x2 - head * Math.cos(ang - 0.45), y2 - head * Math.sin(ang - 0.45));
    g.lineTo(x2 - head * Math.cos(ang + 0.45), y2 - head * Math.sin(ang + 0.45));
    g.closePath();
    g.fill();
  }

  function label(g, text, x, y, c, fontPx) {
    const tw = g.measureText(text).width + 8;
    g.fillStyle = 'rgba(0, 0, 0, 0.6)';
    g.fillRect(x - 4, y - fontPx / 2 - 3, tw, fontPx + 6);
    g.fillStyle = c;
    g.fillText(text, x, y);
  }

  /** What a tile or the large view has shown: for the page and for tests (window.streamyoloStats()). */
  const stats = {};

  /**
   * Shows a camera's pictures on a canvas: asks for the next picture after the one shown, draws
   * it when it arrives, and asks again; the server holds the request until a newer picture is in
   * the store. So each tile shows every picture the job sends, as soon as it is stored.
   */
  class FrameLoop {
    constructor(streamId, canvas, opts) {
      this.streamId = streamId;
      this.canvas = canvas;
      this.opts = opts || {};
      this.after = -1;
      this.running = false;
      this.bitmap = null;
      this.meta = null;
      this.controller = null;
      this.stats = stats[streamId + (this.opts.statsSuffix || '')] = {
        frames: 0, last_ts: 0, last_seq: -1, boxes: 0, delays: [], started: Date.now(),
      };
    }

    start() {
      if (this.running) return;
      this.running = true;
      this.loop();
    }

    stop() {
      this.running = false;
      if (this.controller) this.controller.abort();
    }

    async loop() {
      while (this.running) {
        try {
          this.controller = new AbortController();
          const url = '/api/cameras/' + encodeURIComponent(this.streamId) + '/frame?after=' + this.after + '&wait=2000';
          const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin', signal: this.controller.signal });
          if (res.status === 204) continue;
          if (res.status === 401) { location.href = '/login.html'; return; }
          if (!res.ok) { await sleep(res.status === 404 ? 2000 : 1000); continue; }
          await this.show(await res.arrayBuffer());
        } catch (e) {
          if (!this.running) return;
          await sleep(1000);
        }
      }
    }

    /** Draws a picture body (4 bytes of meta length, meta JSON, JPEG), from the loop or from a GridSocket. */
    async show(buf) {
      const n = new DataView(buf).getUint32(0);
      const meta = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, n)));
      if (meta.ts <= this.after) return;
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(buf, 4 + n)], { type: 'image/jpeg' }));
      if (meta.ts <= this.after) { bitmap.close(); return; }
      if (this.bitmap) this.bitmap.close();
      this.bitmap = bitmap;
      this.meta = meta;
      this.after = meta.ts;
      this.draw();
      const s = this.stats;
      s.frames++;
      s.last_ts = meta.ts;
      s.last_seq = meta.frame_seq;
      s.delays.push(Date.now() - meta.ts);
      if (s.delays.length > 500) s.delays.shift();
      if (this.opts.onFrame) this.opts.onFrame(meta);
    }

    /** Draws the last picture again (a toggle changed, or an overlay moved). */
    draw() {
      if (!this.bitmap) return;
      const m = this.meta;
      const c = this.canvas;
      const w = m.width || this.bitmap.width;
      const h = m.height || this.bitmap.height;
      if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
      const g = c.getContext('2d');
      g.drawImage(this.bitmap, 0, 0, w, h);
      if (this.opts.overlay) this.opts.overlay(g, w, h, m);
      this.stats.boxes = !this.opts.boxes || this.opts.boxes() ? drawDetections(g, Object.assign({}, m, { width: w })) : 0;
      this.stats.max_boxes = Math.max(this.stats.max_boxes || 0, this.stats.boxes);
      if (this.opts.after) this.opts.after(g, w, h, m);
      c.dataset.frameTs = m.ts;
      c.dataset.frameSeq = m.frame_seq;
    }
  }

  /**
   * The cameras page's one connection to the server (a WebSocket): the cameras' states as JSON
   * text, and each new picture of the cameras it watches as binary (the FrameLoop's body). When it
   * breaks it reconnects, waiting 0.5 s, then twice as long each time up to 10 s;
   * {@code onDown(failures)} tells the page meanwhile, so that it can poll for states.
   */
  class GridSocket {
    constructor(handlers) {
      this.handlers = handlers;
      this.watching = [];
      this.failures = 0;
      this.socket = null;
      this.closed = false;
      this.connect();
    }

    connect() {
      const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/grid';
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      this.socket = ws;
      ws.addEventListener('open', () => {
        this.failures = 0;
        this.send();
        if (this.handlers.onUp) this.handlers.onUp();
      });
      ws.addEventListener('message', m => {
        if (typeof m.data === 'string') {
          this.handlers.onStates(JSON.parse(m.data));
        } else {
          const n = new DataView(m.data).getUint32(0);
          const meta = JSON.parse(new TextDecoder().decode(new Uint8Array(m.data, 4, n)));
          this.handlers.onPicture(meta.stream_id, m.data);
        }
      });
      ws.addEventListener('close', () => {
        if (this.socket !== ws || this.closed) return;
        this.socket = null;
        this.failures++;
        if (this.handlers.onDown) this.handlers.onDown(this.failures);
        setTimeout(() => this.connect(), Math.min(10_000, 500 * 2 ** (this.failures - 1)));
      });
    }

    /** The cameras whose pictures the page shows. */
    watch(ids) {
      if (JSON.stringify(ids) === JSON.stringify(this.watching)) return;
      this.watching = ids.slice();
      this.send();
    }

    send() {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ watch: this.watching }));
    }

    get up() {
      return !!this.socket && this.socket.readyState === WebSocket.OPEN;
    }

    close() {
      this.closed = true;
      if (this.socket) this.socket.close();
    }
  }

  function sleep(ms) {
    return new Promise(r => setTimeout(r, ms));
  }

  /** The badge of a camera's state: live, reconnecting, error, stopped, or stale when reports stopped. */
  function stateOf(cam) {
    if (cam.stale) return { text: 'no report ' + age(cam.age_ms), cls: 'stale' };
    return { text: cam.state, cls: cam.state };
  }

  function age(ms) {
    if (ms < 1500) return 'now';
    if (ms < 90_000) return Math.round(ms / 1000) + ' s ago';
    if (ms < 90 * 60_000) return Math.round(ms / 60_000) + ' min ago';
    return Math.round(ms / 3_600_000) + ' h ago';
  }

  function time(ts) {
    const d = new Date(ts);
    const pad = (n, k) => String(n).padStart(k || 2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
      + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
  }

  function camStats(cam) {
    const parts = [];
    if (cam.fps !== null && cam.fps !== undefined) parts.push(cam.fps.toFixed(1) + ' fps');
    if (cam.dropped !== null && cam.dropped !== undefined) parts.push(cam.dropped + ' dropped');
    // Frames that skipped the model: shown only where gating or a detect_interval skips some.
    if (cam.skipped) parts.push(cam.skipped + ' skipped (no motion)');
    if (cam.predicted) parts.push(cam.predicted + ' predicted');
    if (cam.objects !== null && cam.objects !== undefined) parts.push(cam.objects + (cam.objects === 1 ? ' object' : ' objects'));
    return parts.join(' · ');
  }

  /** "0, 2, person" → [0, 2, "person"]; empty → []. */
  function parseClasses(text) {
    return text.split(',').map(s => s.trim()).filter(s => s.length)
      .map(s => (/^\d+$/.test(s) ? Number(s) : s));
  }

  /** A number field: undefined when empty; not a number stays text, so that the server says what is wrong. */
  function num(input) {
    const v = input.value.trim();
    if (v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }

  /**
   * A camera URL with its password as bullets, one per character: rtsp://user:•••@host. While the
   * host is not typed yet (no '@' and no '/' after it), everything after the ':' is masked, so a
   * password being typed never shows (a port being typed is masked until the '/').
   */
  function maskUrl(url) {
    const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([/?#])?/i.exec(url);
    if (!m) return url;
    const authority = m[2];
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : (m[3] ? '' : authority);
    const colon = userinfo.indexOf(':');
    if (colon < 0) return url;
    const start = m[1].length + colon + 1;
    const end = m[1].length + userinfo.length;
    return url.slice(0, start) + '•'.repeat(end - start) + url.slice(end);
  }

  /**
   * Makes a text field show a camera URL with its password masked while it is typed; the real
   * URL is kept here (never in the page: the field holds the masked text) and read with .value.
   * An edit is found from the caret: the text after it is unchanged, the text before it up to
   * where the old and new masked texts first differ is new. The form's reset clears it.
   */
  function maskedUrlField(input) {
    let real = '';
    let shown = '';
    input.addEventListener('input', () => {
      const now = input.value;
      const caret = input.selectionEnd ?? now.length;
      const keep = now.length - caret; // characters after the caret: unchanged
      let p = 0;
      while (p < caret && p < shown.length - keep && now[p] === shown[p]) p++;
      real = real.slice(0, p) + now.slice(p, caret) + real.slice(real.length - keep);
      shown = maskUrl(real);
      input.value = shown;
      input.setSelectionRange(caret, caret);
    });
    // A value set without typing (a script, a test driver's clear): taken as the whole URL.
    input.addEventListener('change', () => {
      if (input.value === shown) return;
      real = input.value;
      shown = maskUrl(real);
      input.value = shown;
    });
    if (input.form) input.form.addEventListener('reset', () => { real = ''; shown = ''; });
    return {
      get value() { return real; },
      clear() { real = ''; shown = ''; input.value = ''; },
    };
  }

  /**
   * Shows the job's defaults (from /api/config) as the placeholders of a settings form's fields,
   * so that an empty field says what the camera gets: {fps, conf, classes} are the inputs.
   */
  function showJobDefaults(fields) {
    return config().then(c => {
      const d = c.job_defaults;
      if (!d) return null;
      if (fields.fps) fields.fps.placeholder = 'job default: ' + fpsText(d.max_fps);
      if (fields.conf) fields.conf.placeholder = 'job default: ' + d.conf;
      if (fields.classes) fields.classes.placeholder = 'job default: ' + classesText(d.classes);
      return d;
    }).catch(() => null);
  }

  function fpsText(fps) {
    return fps === 0 ? '0 (every frame)' : String(fps);
  }

  function classesText(classes) {
    return classes && classes.length ? classes.join(', ') : 'all';
  }

  // ---- Recordings ---------------------------------------------------------------------------

  /** "840 B", "12.4 kB", "3.3 MB", "1.20 GB": powers of 1000, as the size limit of retention counts. */
  function bytesText(n) {
    if (n < 1e3) return n + ' B';
    if (n < 1e6) return (n / 1e3).toFixed(1) + ' kB';
    if (n < 1e9) return (n / 1e6).toFixed(1) + ' MB';
    return (n / 1e9).toFixed(2) + ' GB';
  }

  /** "12.0 s", "4 min 05 s", "1 h 02 min". */
  function durationText(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (ms < 60_000) return (ms / 1000).toFixed(1) + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    return Math.floor(s / 3600) + ' h ' + String(Math.floor(s / 60) % 60).padStart(2, '0') + ' min';
  }

  const HEVC_NOTE = 'This browser cannot play HEVC (H.265) video: download the file and play it with a player that can, such as VLC or mpv.';

  function codecText(codec) {
    return codec === 'h264' ? 'H.264' : codec === 'hevc' ? 'HEVC' : codec;
  }

  function downloadLink(clip) {
    return el('a', { class: 'button download', href: clip.download_url, download: clip.file_name, text: 'Download' });
  }

  /**
   * Shows a clip in `box`: a <video controls> for one the browser plays (H.264), from `startS`
   * seconds in (a media fragment, so the file itself is unchanged); for HEVC, which Chromium does
   * not decode, the reason and a download link instead; for a file retention deleted, that.
   */
  function showClip(box, clip, startS) {
    box.replaceChildren(el('div', { class: 'muted caption', text: (clip.kind === 'event' ? 'Event clip' : 'Segment') + ' · '
      + time(clip.start_ms) + ' · ' + durationText(clip.duration_ms) + ' · ' + bytesText(clip.size_bytes) + ' · ' + codecText(clip.codec) }));
    box.dataset.clip = String(clip.id);
    box.hidden = false;
    if (!clip.present) {
      box.append(el('p', { class: 'note', text: 'The file of this clip is gone: retention deleted it, or it was moved.' }));
      return null;
    }
    if (!clip.plays_in_browser) {
      box.append(el('p', { class: 'note hevc', text: HEVC_NOTE }), downloadLink(clip));
      return null;
    }
    const video = el('video', { controls: true, preload: 'metadata', src: clip.url + (startS > 0 ? '#t=' + startS.toFixed(1) : '') });
    box.append(video, el('div', {}, downloadLink(clip)));
    return video;
  }

  /**
   * Fills a table body with clips: start, length, size, kind and codec, and what can be done with
   * each (Play, which calls `play(clip)`, where the browser plays it; Download always).
   */
  function clipRows(tbody, clips, play) {
    tbody.replaceChildren();
    for (const c of clips) {
      const actions = el('td', { class: 'actions' });
      if (!c.present) {
        actions.append(el('span', { class: 'muted', text: 'file deleted' }));
      } else {
        if (c.plays_in_browser) {
          const b = el('button', { type: 'button', class: 'play', text: 'Play' });
          b.addEventListener('click', () => play(c));
          actions.append(b);
        } else {
          actions.append(el('span', { class: 'note hevc', text: 'HEVC: this browser cannot play it, download it', title: HEVC_NOTE }));
        }
        actions.append(downloadLink(c));
      }
      tbody.append(el('tr', { 'data-clip': String(c.id), 'data-codec': c.codec },
        el('td', { text: time(c.start_ms) }),
        el('td', { class: 'num', text: durationText(c.duration_ms) }),
        el('td', { class: 'num', text: bytesText(c.size_bytes) }),
        el('td', { text: (c.kind === 'event' ? 'event clip' : 'segment') + ' · ' + codecText(c.codec) }),
        actions));
    }
  }

  return { api, sendCommand, bytesText, durationText, showClip, clipRows, showJobDefaults, fpsText, classesText, maskUrl, maskedUrlField, config, header, el, drawDetections, drawGeometry, inNormal, FrameLoop, GridSocket, stats, stateOf, age, time,
    camStats, parseClasses, num, sleep, color };
})();

window.streamyoloStats = () => JSON.parse(JSON.stringify(SY.stats));

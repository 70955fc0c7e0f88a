// The cameras page: a tile per camera with its live picture, boxes, state and figures; the add form.
// One WebSocket brings every tile's pictures and the states (SY.GridSocket); while it is down the
// page asks for the states every 2 s, and after three failed connections in a row each tile polls
// for its own pictures until the socket is back. ?stream=off keeps to polling (for comparison).
'use strict';

(() => {
  SY.header('cameras');
  const grid = document.getElementById('grid');
  const boxes = document.getElementById('boxes');
  const tiles = new Map(); // stream id -> {el, loop, parts}
  const streamOff = new URLSearchParams(location.search).get('stream') === 'off';
  let socket = null;
  let tilesPoll = streamOff; // each tile polls for its own pictures
  const BY_ID = new Intl.Collator('en', { numeric: true });

  boxes.addEventListener('change', () => tiles.forEach(t => t.loop.draw()));

  function tile(cam) {
    const canvas = SY.el('canvas', { width: 640, height: 360 });
    const placeholder = SY.el('div', { class: 'placeholder', text: 'No picture yet' });
    const state = SY.el('span', { class: 'state' });
    const stats = SY.el('span', { class: 'stats' });
    const reason = SY.el('p', { class: 'reason' });
    const remove = SY.el('button', { type: 'button', class: 'remove', text: 'Remove', hidden: true,
      title: 'Take this camera off the dashboard (the job and the store keep it)' });
    const link = 'camera.html?id=' + encodeURIComponent(cam.stream_id);
    const el = SY.el('article', { class: 'tile', 'data-stream': cam.stream_id },
      SY.el('a', { class: 'view', href: link, title: 'Open ' + cam.stream_id }, canvas, placeholder),
      SY.el('div', { class: 'info' },
        // A long id is cut with an ellipsis (style.css); the whole id is in the tooltip.
        SY.el('div', { class: 'title' }, SY.el('h2', { title: cam.stream_id }, SY.el('a', { href: link, text: cam.stream_id })),
          state, stats, remove),
        reason));
    const loop = new SY.FrameLoop(cam.stream_id, canvas, {
      boxes: () => boxes.checked,
      onFrame: () => { placeholder.hidden = true; },
    });
    const t = { el, loop, state, stats, reason, remove };
    remove.addEventListener('click', async () => {
      remove.disabled = true;
      try {
        await SY.api('/api/cameras/' + encodeURIComponent(cam.stream_id) + '/remove', { method: 'POST' });
        drop(cam.stream_id);
      } catch (e) {
        reason.textContent = e.message;
        remove.disabled = false;
      }
    });
    tiles.set(cam.stream_id, t);
    grid.append(el);
    return t;
  }

  function update(t, cam) {
    const st = SY.stateOf(cam);
    t.state.textContent = st.text;
    t.state.className = 'state ' + st.cls;
    t.stats.textContent = cam.state === 'stopped' ? '' : SY.camStats(cam);
    t.reason.textContent = cam.reason && cam.state !== 'live' ? cam.reason : '';
    t.el.classList.toggle('stopped', cam.state === 'stopped');
    // Stopped, in error, or no longer reported: it can be taken off the page.
    t.remove.hidden = !(cam.state === 'stopped' || cam.state === 'error' || cam.stale);
    // A stopped camera sends no pictures: keep its last one, greyed, and stop asking.
    t.live = cam.state !== 'stopped';
    if (t.live && tilesPoll) t.loop.start();
    else t.loop.stop();
  }

  function drop(id) {
    const t = tiles.get(id);
    if (!t) return;
    t.loop.stop();
    t.el.remove();
    tiles.delete(id);
    watchLive();
  }

  /** The cameras whose pictures the socket should send. */
  function watchLive() {
    if (socket) socket.watch([...tiles].filter(([, t]) => t.live).map(([id]) => id));
  }

  function setTilesPoll(on) {
    tilesPoll = on;
    tiles.forEach(t => (on && t.live ? t.loop.start() : t.loop.stop()));
  }

  async function refresh() {
    try {
      render(await SY.api('/api/cameras'));
    } catch (e) {
      document.getElementById('store-error').textContent = e.message;
    }
  }

  function render(body) {
    document.getElementById('store-error').textContent = body.store_error ? 'Event store: ' + body.store_error : '';
    const seen = new Set();
    // cam2 before cam10: ids compared with their numbers as numbers.
    const cams = body.cameras.slice().sort((a, b) => BY_ID.compare(a.stream_id, b.stream_id));
    cams.forEach((cam, i) => {
      seen.add(cam.stream_id);
      const t = tiles.get(cam.stream_id) || tile(cam);
      update(t, cam);
      // Only a tile out of place moves.
      if (grid.children[i] !== t.el) grid.insertBefore(t.el, grid.children[i] || null);
    });
    for (const [id, t] of tiles) {
      if (!seen.has(id)) drop(id);
    }
    const live = body.cameras.filter(c => c.state === 'live' && !c.stale).length;
    document.getElementById('summary').textContent = body.cameras.length
      ? live + ' of ' + body.cameras.length + ' live' : '';
    document.getElementById('empty').hidden = body.cameras.length > 0;
    watchLive();
  }

  // The add form: a START command; the server checks it with the job's parser first.
  const addCard = document.getElementById('add-card');
  const url = SY.maskedUrlField(document.getElementById('add-url'));
  SY.showJobDefaults({
    fps: document.getElementById('add-fps'),
    conf: document.getElementById('add-conf'),
    classes: document.getElementById('add-classes'),
  });
  document.getElementById('add-toggle').addEventListener('click', () => {
    addCard.hidden = !addCard.hidden;
    if (!addCard.hidden) document.getElementById('add-id').focus();
  });
  document.getElementById('add-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const err = document.getElementById('add-error');
    const ok = document.getElementById('add-ok');
    err.textContent = '';
    ok.textContent = '';
    const id = document.getElementById('add-id').value.trim();
    const command = { type: 'START', stream_id: id, rtsp: url.value.trim() };
    const fps = SY.num(document.getElementById('add-fps'));
    if (fps !== undefined) command.max_fps = fps;
    const conf = SY.num(document.getElementById('add-conf'));
    if (conf !== undefined) command.conf = conf;
    const classes = SY.parseClasses(document.getElementById('add-classes').value);
    if (classes.length) command.classes = classes;
    const button = document.getElementById('add-submit');
    button.disabled = true;
    const r = await SY.sendCommand(command);
    button.disabled = false;
    if (!r.ok) {
      err.textContent = r.error;
      return;
    }
    ok.textContent = 'Sent START for ' + id + ': its tile appears when the job reports it.';
    document.getElementById('add-form').reset();
    url.clear();
    refresh();
  });

  if (streamOff) {
    refresh();
    setInterval(refresh, 1000);
  } else {
    let poller = null;
    socket = new SY.GridSocket({
      // A failed read of the store keeps the tiles as they are.
      onStates: body => (body.failed ? (document.getElementById('store-error').textContent = 'Event store: ' + body.store_error)
        : render(body)),
      onPicture: (id, buf) => {
        const t = tiles.get(id);
        if (t) t.loop.show(buf).catch(() => {});
      },
      onUp: () => {
        clearInterval(poller);
        poller = null;
        document.getElementById('stream-state').textContent = '';
        if (tilesPoll) setTilesPoll(false);
      },
      onDown: failures => {
        document.getElementById('stream-state').textContent = 'reconnecting…';
        if (!poller) { refresh(); poller = setInterval(refresh, 2000); }
        if (failures >= 3 && !tilesPoll) setTilesPoll(true);
      },
    });
    window.streamyoloGrid = () => ({ up: socket.up, tilesPoll });
  }
})();

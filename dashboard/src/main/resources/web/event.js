// One event: what happened, the track's snapshot, and the recordings that show it, the first one
// in the player from a moment before the event (event clips come before segments).
'use strict';

(() => {
  SY.header('events');
  const id = new URLSearchParams(location.search).get('id') || '';
  const player = document.getElementById('clip-player');

  function text(elId, value) {
    document.getElementById(elId).textContent = value === null || value === undefined || value === '' ? '–' : value;
  }

  function missing(title, textValue) {
    document.getElementById('missing-title').textContent = title;
    document.getElementById('missing-text').textContent = textValue;
    document.getElementById('missing').hidden = false;
    document.getElementById('event-page').hidden = true;
    document.title = title + ' · streamyolo';
  }

  /** Where to start a clip: two seconds before the event, as far as the clip goes back. */
  function startIn(clip, e) {
    return Math.max(0, (e.ts - clip.start_ms) / 1000 - 2);
  }

  function render(e, clips) {
    let what = e.kind.replace('_', ' ');
    if (e.zone !== undefined) what += ' ' + e.zone;
    if (e.line !== undefined) what += ' ' + e.line + (e.direction ? ' (' + e.direction + ')' : '');
    document.getElementById('ev-title').textContent = what;
    document.title = what + ' · ' + e.stream_id + ' · streamyolo';
    text('ev-time', SY.time(e.ts));
    document.getElementById('ev-camera').replaceChildren(
      SY.el('a', { href: 'camera.html?id=' + encodeURIComponent(e.stream_id), text: e.stream_id }));
    text('ev-kind', what);
    text('ev-class', e.label || (e.class_id !== undefined ? 'class ' + e.class_id : ''));
    text('ev-track', '#' + e.track_id);
    text('ev-conf', e.conf === null || e.conf === undefined ? '' : Math.round(e.conf * 100) + '%');
    text('ev-seen', e.duration_ms !== undefined ? SY.durationText(e.duration_ms) + (e.zones && e.zones.length ? ' · zones ' + e.zones.join(', ') : '') : '');
    document.getElementById('ev-back').href = 'events.html?camera=' + encodeURIComponent(e.stream_id);
    const snapshot = document.getElementById('ev-snapshot');
    snapshot.addEventListener('load', () => { snapshot.hidden = false; });
    snapshot.src = '/api/snapshots/' + encodeURIComponent(e.stream_id) + '/' + e.track_id + '.jpg';

    document.getElementById('no-clips').hidden = clips.length > 0;
    document.getElementById('clips').hidden = clips.length === 0;
    const play = c => SY.showClip(player, c, startIn(c, e));
    SY.clipRows(document.querySelector('#clips tbody'), clips, play);
    // In the player: the first the browser can play; else the first, which says why it cannot.
    const first = clips.find(c => c.present && c.plays_in_browser) || clips[0];
    if (first) play(first);
  }

  async function load() {
    let body;
    try {
      body = await SY.api('/api/events/' + encodeURIComponent(id) + '/clips');
    } catch (e) {
      if (e.status === 404) {
        missing('No event ' + id, 'The event store has no event with this id: retention may have deleted it.');
      } else {
        missing('Cannot show event ' + id, e.message);
      }
      return;
    }
    render(body.event, body.clips);
  }

  if (!/^\d+$/.test(id)) {
    missing('No event given', 'This page shows one event: open it from the events page (event.html?id=N).');
  } else {
    load();
  }
})();

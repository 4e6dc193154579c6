/* Saathi crisis button and alerts: an enhancement, every page works without it.
   - Members: the button shows the helplines at once (the last list the
     server sent is kept on the phone, so it shows even when the server
     cannot be reached), then raises the alert in the background.
   - Staff and mentors: the open-alerts panel follows alerts over the
     socket, and rings (sound, vibration where the browser allows) for an
     alert the reader was told of. */
(function () {
  'use strict';
  var KEY = 'saathi.helplines';

  function digits(phone) {
    return String(phone || '').replace(/[^0-9+]/g, '');
  }

  function saved() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || 'null');
      return Array.isArray(v) && v.length ? v : null;
    } catch (e) {
      return null;
    }
  }

  function save(list) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) { /* private mode: nothing kept */ }
  }

  // The helplines a page shows (the crisis page lists the centre's own too).
  function fromPage() {
    var box = document.querySelector('[data-helplines]');
    if (!box) return null;
    var list = [];
    box.querySelectorAll('a[href^="tel:"]').forEach(function (a) {
      var phone = a.querySelector('.phone');
      var name = a.firstChild ? String(a.firstChild.textContent || '').trim() : '';
      list.push({ name: name, phone: phone ? phone.textContent.trim() : a.getAttribute('href').slice(4) });
    });
    return list.length ? list : null;
  }

  function fill(panel, list) {
    var ul = panel.querySelector('.helpline-list');
    if (!ul || !list) return;
    ul.textContent = '';
    list.forEach(function (h) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.className = 'button call';
      a.href = 'tel:' + digits(h.phone);
      a.appendChild(document.createTextNode((h.name || '') + ' '));
      var s = document.createElement('span');
      s.className = 'phone';
      s.textContent = h.phone;
      a.appendChild(s);
      li.appendChild(a);
      ul.appendChild(li);
    });
  }

  function member() {
    var form = document.querySelector('[data-crisis-form]');
    var panel = document.getElementById('crisis-now');
    var here = fromPage();
    if (here) save(here);
    if (!form || !panel) return;
    var status = panel.querySelector('.crisis-status');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      // Helplines first, before any network.
      fill(panel, saved());
      panel.hidden = false;
      status.setAttribute('role', 'status');
      panel.focus();
      status.textContent = panel.getAttribute('data-sending');
      var csrf = form.querySelector('input[name="_csrf"]');
      var ctl = 'AbortController' in window ? new AbortController() : null;
      var timer = ctl ? window.setTimeout(function () { ctl.abort(); }, 8000) : null;
      fetch('/api/v1/crisis', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf ? csrf.value : '', accept: 'application/json' },
        body: '{}',
        signal: ctl ? ctl.signal : undefined
      }).then(function (r) {
        if (!r.ok) throw new Error('status ' + r.status);
        return r.json();
      }).then(function (body) {
        if (timer) window.clearTimeout(timer);
        if (Array.isArray(body.helplines) && body.helplines.length) {
          // Names in the reader's language where the page had them.
          var known = saved() || [];
          var list = body.helplines.map(function (h) {
            var k = known.filter(function (x) { return digits(x.phone) === digits(h.phone); })[0];
            return { name: k ? k.name : h.name, phone: h.phone };
          });
          save(list);
          fill(panel, list);
        }
        status.textContent = panel.getAttribute(body.joined ? 'data-joined' : 'data-sent');
      }).catch(function () {
        if (timer) window.clearTimeout(timer);
        status.textContent = panel.getAttribute('data-offline');
      });
    });
  }

  // ---------------------------------------------------------------------
  // Staff and mentors

  var ws = null;
  var attempts = 0;

  function ring() {
    try {
      if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    } catch (e) { /* not allowed */ }
    try {
      var C = window.AudioContext || window.webkitAudioContext;
      if (!C) return;
      var ctx = new C();
      var o = ctx.createOscillator();
      var g = ctx.createGain();
      o.frequency.value = 880;
      g.gain.value = 0.15;
      o.connect(g);
      g.connect(ctx.destination);
      o.start();
      o.stop(ctx.currentTime + 0.6);
    } catch (e) { /* the browser wants a gesture first */ }
  }

  // Re-reads the panel from the server (in the reader's language).
  function refresh(panel) {
    fetch(location.pathname, { credentials: 'same-origin' }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (!html) return;
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var fresh = doc.getElementById('crisis-panel');
      if (fresh) panel.innerHTML = fresh.innerHTML;
    }).catch(function () { /* next event or reload */ });
  }

  function onAlert(panel, id) {
    fetch('/api/v1/crisis/alerts/' + encodeURIComponent(id), {
      credentials: 'same-origin',
      headers: { accept: 'application/json' }
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (a) {
      if (a && a.notified && a.status === 'open') ring();
      refresh(panel);
    }).catch(function () { refresh(panel); });
  }

  function follow(panel) {
    if (!('WebSocket' in window)) return;
    var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    try {
      ws = new WebSocket(scheme + '//' + location.host + '/api/v1/ws');
    } catch (e) {
      return;
    }
    var sock = ws;
    sock.onopen = function () {
      // Anything missed while away: read the panel again.
      if (attempts > 0) refresh(panel);
      attempts = 0;
    };
    sock.onmessage = function (ev) {
      var f;
      try {
        f = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      if (f.type === 'crisis_alert' && f.alert_id) onAlert(panel, f.alert_id);
      else if (f.type === 'resync') refresh(panel);
    };
    sock.onclose = function () {
      attempts += 1;
      window.setTimeout(function () { follow(panel); }, Math.min(30000, 1000 * attempts));
    };
  }

  function staff() {
    var panel = document.querySelector('[data-crisis-live]');
    if (panel && !panel.hasAttribute('data-following')) {
      panel.setAttribute('data-following', '1');
      follow(panel);
    }
  }

  function start() {
    member();
    staff();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

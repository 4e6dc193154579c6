/* Saathi on the centre's shared tablet (kiosk): signs the resident out by
   itself after a short idle time, so the next resident never sees their
   pages. The server ends the session anyway (this only makes the tablet go
   back to the sign-in page on its own, with a warning first).
   - Any tap or key press counts as activity; now and then it tells the
     server ("I am still here", POST /kiosk/stay), which keeps the session.
   - Near the end a visible warning, announced to screen readers, offers
     "Stay signed in"; then the page posts the sign-out and the tablet shows
     /kiosk again.
   The page signs out at 90% of the server's idle time: the server writes
   "last seen" every tenth of that time, so it may count from up to a tenth
   earlier than this page does. */
(function () {
  'use strict';
  var me = document.currentScript;
  var box = document.getElementById('kiosk-idle');
  var text = document.getElementById('kiosk-idle-text');
  var stayButton = document.getElementById('kiosk-stay');
  var announce = document.getElementById('kiosk-announce');
  var signout = document.getElementById('kiosk-signout');
  if (!me || !box || !text || !stayButton || !signout) return;

  var idleMs = parseInt(me.getAttribute('data-idle-ms'), 10) || 120000;
  var csrf = me.getAttribute('data-csrf') || '';
  var warning = me.getAttribute('data-warning') || '__N__';
  var limit = Math.max(1000, Math.floor(idleMs * 0.9));
  // The warning shows for the last 30 s, or the last half of a short limit.
  var warnFor = Math.min(30000, Math.floor(limit / 2));
  var pingEvery = Math.max(250, Math.floor(idleMs / 10));

  var lastActive = Date.now();
  var lastPing = Date.now();
  var warned = false;
  var leaving = false;

  function secondsLeft() {
    return Math.max(0, Math.ceil((lastActive + limit - Date.now()) / 1000));
  }

  function message() {
    return warning.replace('__N__', String(secondsLeft()));
  }

  function leave() {
    if (leaving) return;
    leaving = true;
    signout.submit();
  }

  function ping() {
    lastPing = Date.now();
    window.fetch('/kiosk/stay', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf },
    }).then(function (r) {
      // The session has ended already (another tab, or the server's clock).
      if (r.status === 401) leave();
    }, function () { /* offline for a moment: the timer still runs */ });
  }

  function active() {
    if (leaving) return;
    lastActive = Date.now();
    if (warned) {
      warned = false;
      box.hidden = true;
      if (announce) announce.textContent = '';
    }
    if (Date.now() - lastPing >= pingEvery) ping();
  }

  function tick() {
    if (leaving) return;
    var left = lastActive + limit - Date.now();
    if (left <= 0) {
      leave();
      return;
    }
    if (left <= warnFor) {
      text.textContent = message();
      if (!warned) {
        warned = true;
        box.hidden = false;
        if (announce) announce.textContent = message();
      }
    }
  }

  stayButton.addEventListener('click', function () {
    lastPing = 0;
    active();
  });
  ['pointerdown', 'keydown', 'input', 'touchstart'].forEach(function (name) {
    document.addEventListener(name, function (e) {
      if (e.target === stayButton) return;
      active();
    }, { passive: true, capture: true });
  });
  window.setInterval(tick, 250);
  // Back to this page from the browser's history: start afresh (the server
  // decides whether the session still stands).
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) window.location.reload();
  });
})();

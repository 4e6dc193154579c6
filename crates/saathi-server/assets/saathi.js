/* Saathi: the sharing circle's timer. An enhancement only: without this
   script the facilitator types the minutes spoken, and everything works.
   With it, "Start timer" runs a live m:ss counter and "Stop and record"
   sends the seconds. A running timer survives a reload of the page (kept
   in this tab's sessionStorage). Nothing is loaded from anywhere. */
(function () {
  'use strict';

  var form = document.querySelector('form[data-timer]');
  if (!form) return;

  var live = form.querySelector('[data-timer-live]');
  var manual = form.querySelector('[data-timer-manual]');
  var display = form.querySelector('[data-timer-display]');
  var startButton = form.querySelector('[data-timer-start]');
  var stopButton = form.querySelector('[data-timer-stop]');
  var seconds = form.querySelector('[data-timer-seconds]');
  var status = form.querySelector('[data-timer-status]');
  if (!live || !manual || !display || !startButton || !stopButton || !seconds) return;

  var key = 'saathi-timer:' + form.getAttribute('data-timer');
  var startedAt = null;
  var tick = null;

  function load() {
    try {
      var v = window.sessionStorage.getItem(key);
      return v ? parseInt(v, 10) : null;
    } catch (e) {
      return null;
    }
  }

  function save(v) {
    try {
      if (v === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, String(v));
    } catch (e) {
      /* Private browsing: the timer still runs, it just does not survive a reload. */
    }
  }

  function elapsed() {
    return startedAt === null ? 0 : Math.max(0, Math.round((Date.now() - startedAt) / 1000));
  }

  function show() {
    var s = elapsed();
    var rest = s % 60;
    display.textContent = Math.floor(s / 60) + ':' + (rest < 10 ? '0' : '') + rest;
  }

  function announce(text) {
    if (status && text) status.textContent = text;
  }

  function running(on) {
    startButton.hidden = on;
    stopButton.hidden = !on;
    if (tick !== null) {
      window.clearInterval(tick);
      tick = null;
    }
    if (on) tick = window.setInterval(show, 250);
    show();
  }

  function start() {
    startedAt = Date.now();
    save(startedAt);
    running(true);
    stopButton.focus();
    announce(form.getAttribute('data-started'));
  }

  // The enhanced form: the timer instead of the minutes field (which stays
  // when the server asked to correct it).
  live.hidden = false;
  if (!manual.querySelector('[aria-invalid="true"]')) manual.hidden = true;

  startedAt = load();
  if (startedAt !== null && !isNaN(startedAt)) {
    running(true);
  } else {
    startedAt = null;
    running(false);
  }

  startButton.addEventListener('click', start);

  form.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (button === stopButton) {
      seconds.value = String(elapsed());
    } else {
      seconds.value = '';
    }
    if (tick !== null) window.clearInterval(tick);
    save(null);
  });
})();

/* Saathi: a chat room, live. An enhancement only: without this script the
   page shows the messages, posts with its form and comes back (and the
   reader reloads to see new messages).

   With it: new messages of the room arrive over the WebSocket
   /api/v1/ws (same origin, the session cookie), or, while the socket is
   unavailable, by asking the API every 5 seconds for the messages after
   the last one shown and for the newest page again (so edits, deletions,
   hiding and reactions of the messages shown are seen too). A message that
   arrives live gets the same action forms as one the server rendered, cloned
   from the page's <template>s, and only those the server would accept from
   this reader (the rules of web/rooms.rs `message_view`, with the reader's
   moderator and muted flags the page gives on #chat). The socket
   reconnects with a growing wait and then catches up from the last
   message shown, so nothing is missed and nothing is shown twice. Posting sends the text to the API and clears
   the box without reloading the page; if the API refuses (empty, too
   long, muted), the form is sent the ordinary way and the page says why
   in the reader's language. Reacting and reporting work the same way:
   the react and report forms (rendered or live-built) go to the message
   API and the message is brought up to date in place, a refusal sends
   the form the ordinary way. Message text is only ever set as text, never
   as markup. Nothing is loaded from anywhere else. */
(function () {
  'use strict';

  var chat = document.getElementById('chat');
  var list = document.getElementById('messages');
  var tmpl = document.getElementById('msg-template');
  if (!chat || !list || !tmpl) return;

  var roomId = chat.getAttribute('data-room');
  var liveOn = chat.getAttribute('data-live') === '1';
  // The reader's standing, as the server decided it for the page.
  var moderator = chat.getAttribute('data-moderator') === '1';
  var muted = chat.getAttribute('data-muted') === '1';
  var lastId = chat.getAttribute('data-last-id') || '';
  var lastSeq = parseInt(chat.getAttribute('data-last-seq'), 10) || 0;
  var tz = chat.getAttribute('data-tz') || undefined;
  var lang = chat.getAttribute('data-lang') === 'hi' ? 'hi-IN' : 'en-IN';
  var announcer = document.getElementById('chat-live');
  var statusLine = document.getElementById('chat-status');
  var form = document.getElementById('post-form');
  var csrfInput = document.querySelector('#chat input[name="_csrf"]') || document.querySelector('input[name="_csrf"]');
  var csrf = csrfInput ? csrfInput.value : '';
  var base = '/api/v1/rooms/' + encodeURIComponent(roomId);
  var messagesApi = '/api/v1/messages/';

  function t(name) {
    return chat.getAttribute('data-t-' + name) || '';
  }

  function say(text) {
    if (!announcer) return;
    // Cleared first so the same words are announced again.
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function setStatus(text) {
    if (statusLine) statusLine.textContent = text;
  }

  /** A change sent to the API as the page's reader: the session cookie,
   *  and the CSRF token the API asks of a cookie session. */
  function apiSend(method, url, body) {
    var headers = { accept: 'application/json', 'x-csrf-token': csrf };
    var init = { method: method, credentials: 'same-origin', headers: headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init);
  }

  var clock;
  try {
    clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz });
  } catch (e) {
    clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  // ---------------------------------------------------------------------
  // Showing messages

  function byId(id) {
    return document.getElementById('m-' + id);
  }

  function setNote(li, text) {
    var note = li.querySelector('.msg-note');
    if (!note) {
      note = document.createElement('p');
      note.className = 'msg-note';
      var head = li.querySelector('.msg-head');
      if (head && head.nextSibling) li.insertBefore(note, head.nextSibling);
      else li.appendChild(note);
    }
    note.textContent = text;
    note.hidden = !text;
  }

  function setBody(li, body) {
    var p = li.querySelector('.msg-body');
    if (body === null || body === undefined) {
      if (p) p.parentNode.removeChild(p);
      return;
    }
    if (p && p.textContent === body) return;
    if (!p) {
      p = document.createElement('p');
      p.className = 'msg-body';
      var note = li.querySelector('.msg-note');
      var after = note || li.querySelector('.msg-head');
      if (after && after.nextSibling) li.insertBefore(p, after.nextSibling);
      else li.appendChild(p);
    }
    p.textContent = body;
  }

  function dropActions(li) {
    var gone = li.querySelectorAll('.msg-action, .msg-reactions');
    for (var i = 0; i < gone.length; i++) gone[i].parentNode.removeChild(gone[i]);
  }

  function markEdited(li) {
    var head = li.querySelector('.msg-head');
    if (!head || head.querySelector('.msg-edited')) return;
    head.appendChild(document.createTextNode(' '));
    var s = document.createElement('span');
    s.className = 'msg-edited';
    s.textContent = t('edited');
    head.appendChild(s);
  }

  // ---------------------------------------------------------------------
  // A message's actions, as the server would render them

  /** What the reader may do with a message: web/rooms.rs `message_view`. */
  function rights(m) {
    var deleted = !!m.deleted;
    var hiddenNow = !!m.hidden;
    // A hidden message the reader may not read is not reacted to either.
    var readable = (m.body !== null && m.body !== undefined) || !hiddenNow;
    return {
      react: !m.mine && !deleted && readable,
      edit: !!m.mine && !deleted && !muted,
      del: !!m.mine && !deleted,
      hide: moderator && !deleted && !hiddenNow,
      discipline: moderator && !m.mine,
    };
  }

  /** A copy of one of the page's action templates for a message: its id
   *  and author's id into form actions, ids, `for` and values, the author's
   *  name into the labels' text. */
  function cloneFor(templateId, m) {
    var src = document.getElementById(templateId);
    if (!src || !src.content || !src.content.firstElementChild) return null;
    var el = src.content.firstElementChild.cloneNode(true);
    var nodes = [el].concat(Array.prototype.slice.call(el.querySelectorAll('*')));
    nodes.forEach(function (node) {
      ['action', 'id', 'for', 'value'].forEach(function (a) {
        var v = node.getAttribute(a);
        if (v === null || (v.indexOf('MSGID') < 0 && v.indexOf('AUTHORID') < 0)) return;
        node.setAttribute(a, v.split('MSGID').join(m.id).split('AUTHORID').join(m.author_id || ''));
      });
    });
    var labels = el.querySelectorAll('label');
    for (var i = 0; i < labels.length; i++) {
      if (labels[i].textContent.indexOf('{name}') >= 0) {
        labels[i].textContent = labels[i].textContent.split('{name}').join(m.author_name || '');
      }
    }
    return el;
  }

  /** The reactions shown on a message now (for a change that does not say). */
  function shownReactions(li) {
    var out = [];
    var items = li.querySelectorAll('.msg-reactions [data-kind]');
    for (var i = 0; i < items.length; i++) {
      var kind = items[i].getAttribute('data-kind');
      var n = items[i].querySelector('.count');
      var count = n ? parseInt(n.textContent, 10) : parseInt(String(items[i].textContent).replace(/^.*\s/, ''), 10);
      var pressed = items[i].querySelector('[aria-pressed="true"]');
      if (count > 0) out.push({ kind: kind, count: count, mine: !!pressed });
    }
    return out;
  }

  function label(kind) {
    return chat.getAttribute('data-t-reaction-' + kind) || kind;
  }

  /** The reactions: toggles for those who may react, counts for the others. */
  function syncReactions(li, m, may) {
    var box = li.querySelector('.msg-reactions');
    if (m.deleted) {
      if (box) box.parentNode.removeChild(box);
      return;
    }
    var list = m.reactions || (box ? shownReactions(li) : []);
    var asForms = !!(box && box.querySelector('form'));
    if (!box || asForms !== may.react) {
      var fresh = may.react ? cloneFor('tpl-reactions', m) : null;
      if (!fresh) {
        fresh = document.createElement('div');
        fresh.className = 'msg-reactions';
      }
      if (box) box.parentNode.replaceChild(fresh, box);
      else li.appendChild(fresh);
      box = fresh;
    }
    if (may.react) {
      var forms = box.querySelectorAll('form[data-kind]');
      for (var i = 0; i < forms.length; i++) {
        var kind = forms[i].getAttribute('data-kind');
        var r = list.filter(function (x) { return x.kind === kind; })[0];
        var count = r ? r.count : 0;
        var mine = !!(r && r.mine);
        var button = forms[i].querySelector('button');
        var on = forms[i].querySelector('input[name="on"]');
        if (on) on.value = mine ? '0' : '1';
        if (!button) continue;
        button.setAttribute('aria-pressed', mine ? 'true' : 'false');
        var n = button.querySelector('.count');
        if (count > 0) {
          if (!n) {
            button.appendChild(document.createTextNode(' '));
            n = document.createElement('span');
            n.className = 'count';
            button.appendChild(n);
          }
          n.textContent = String(count);
        } else if (n) {
          if (n.previousSibling && n.previousSibling.nodeType === 3) button.removeChild(n.previousSibling);
          button.removeChild(n);
        }
      }
    } else {
      while (box.firstChild) box.removeChild(box.firstChild);
      list.forEach(function (x) {
        if (!x.count) return;
        var s = document.createElement('span');
        s.className = 'badge reaction-count';
        s.setAttribute('data-kind', x.kind);
        s.textContent = label(x.kind) + ' ' + x.count;
        box.appendChild(s);
      });
    }
  }

  // The action blocks after the reactions, in the server's order.
  var ACTIONS = [
    { cls: 'msg-edit', tpl: 'tpl-edit', may: function (r) { return r.edit; } },
    { cls: 'msg-delete', tpl: 'tpl-delete', may: function (r) { return r.del; } },
    // Once reported from this page, the report form stays closed (see `reported`).
    { cls: 'msg-report', tpl: 'tpl-report', may: function (r, li) { return r.react && !li.hasAttribute('data-reported'); } },
    { cls: 'msg-moderate', tpl: 'tpl-moderate', may: function (r) { return r.hide || r.discipline; } },
  ];

  /** Gives a message the action forms the reader may use on it, and only those. */
  function syncActions(li, m) {
    var may = rights(m);
    syncReactions(li, m, may);
    ACTIONS.forEach(function (a, i) {
      var el = li.querySelector('.' + a.cls);
      if (!a.may(may, li)) {
        if (el) el.parentNode.removeChild(el);
        return;
      }
      if (!el) {
        el = cloneFor(a.tpl, m);
        if (!el) return;
        var next = null;
        for (var j = i + 1; j < ACTIONS.length && !next; j++) next = li.querySelector('.' + ACTIONS[j].cls);
        li.insertBefore(el, next);
      }
      if (a.cls === 'msg-edit') {
        var box = el.querySelector('textarea');
        // Its text follows the message unless the reader is changing it.
        if (box && typeof m.body === 'string' && document.activeElement !== box && box.value === box.defaultValue) {
          box.defaultValue = m.body;
          box.value = m.body;
        }
      }
      if (a.cls === 'msg-moderate') {
        var drop = [];
        if (!may.hide) drop.push('.msg-hide');
        if (!may.discipline) drop.push('.msg-mute', '.msg-warn');
        drop.forEach(function (sel) {
          var f = el.querySelector(sel);
          if (f) f.parentNode.removeChild(f);
        });
      }
    });
  }

  /** Brings a message already shown up to date (an edit, a deletion, hiding, reactions). */
  function update(li, m) {
    if (m.deleted) {
      li.classList.add('msg-deleted');
      setNote(li, t('deleted'));
      setBody(li, null);
      dropActions(li);
      return;
    }
    if (m.hidden) {
      li.classList.add('msg-hidden');
      setNote(li, t('hidden'));
    }
    if (m.body !== undefined) setBody(li, m.body);
    if (m.edited_at) markEdited(li);
    syncActions(li, m);
  }

  /** A new message of the room, at the end of the list. */
  function append(m) {
    var li = tmpl.content.firstElementChild.cloneNode(true);
    li.id = 'm-' + m.id;
    li.setAttribute('data-id', m.id);
    li.setAttribute('data-author', m.author_id || '');
    if (typeof m.seq === 'number') li.setAttribute('data-seq', String(m.seq));
    if (m.mine) li.classList.add('msg-mine');
    li.querySelector('.msg-author').textContent = m.mine ? t('you') : m.author_name;
    var time = li.querySelector('time');
    var when = new Date(m.created_at);
    time.setAttribute('datetime', m.created_at);
    time.textContent = isNaN(when.getTime()) ? '' : clock.format(when);
    if (m.deleted) {
      setNote(li, t('deleted'));
      setBody(li, null);
      li.classList.add('msg-deleted');
      dropActions(li);
    } else {
      setNote(li, m.hidden ? t('hidden') : '');
      if (m.hidden) li.classList.add('msg-hidden');
      setBody(li, m.body);
      if (m.edited_at) markEdited(li);
      syncActions(li, m);
    }
    list.appendChild(li);
    var empty = document.getElementById('chat-empty');
    if (empty) empty.parentNode.removeChild(empty);
    if (!m.mine && !m.deleted) {
      var text = t('new').replace('{name}', m.author_name || '');
      say(m.body ? text + ': ' + m.body : text);
    }
  }

  /** A message from the socket or the API: shown once, in order. */
  function receive(m) {
    if (!m || m.room_id !== roomId) return;
    var li = byId(m.id);
    if (li) {
      update(li, m);
      return;
    }
    var hasSeq = typeof m.seq === 'number';
    // Already past it (a duplicate, or a change to a message not on this page).
    if (hasSeq && m.seq <= lastSeq) return;
    append(m);
    if (hasSeq) lastSeq = m.seq;
    lastId = m.id;
    markReadSoon();
  }

  function hidden(roomOf, messageId) {
    if (roomOf !== roomId) return;
    var li = byId(messageId);
    if (!li) return;
    if (li.classList.contains('msg-deleted')) return;
    li.classList.add('msg-hidden');
    setNote(li, t('hidden'));
    // Only its author keeps reading it here; staff see it again on reload
    // (or the next time the page asks the API).
    var mine = li.classList.contains('msg-mine');
    var body = li.querySelector('.msg-body');
    if (!mine) setBody(li, null);
    syncActions(li, {
      id: messageId,
      author_id: li.getAttribute('data-author') || '',
      mine: mine,
      hidden: true,
      deleted: false,
      body: mine && body ? body.textContent : null,
    });
  }

  // ---------------------------------------------------------------------
  // Read marks

  var readTimer = null;
  var readSent = '';

  function markReadSoon() {
    if (readTimer) return;
    readTimer = window.setTimeout(function () {
      readTimer = null;
      if (document.visibilityState !== 'visible' || !lastId || lastId === readSent) return;
      var id = lastId;
      apiSend('POST', base + '/read', { message_id: id }).then(function (r) {
        if (r.ok) readSent = id;
      }).catch(function () {});
    }, 800);
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') markReadSoon();
  });

  // ---------------------------------------------------------------------
  // Catching up through the API (the fallback, and after posting)

  var fetching = false;
  var again = false;

  function fetchNew() {
    if (fetching) {
      again = true;
      return Promise.resolve();
    }
    fetching = true;
    var url = base + '/messages?limit=100' + (lastId ? '&after=' + encodeURIComponent(lastId) : '');
    return fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) throw new Error('status ' + r.status);
        return r.json();
      })
      .then(function (items) {
        // Without `after` the API answers newest first.
        if (!lastId) items.reverse();
        items.forEach(receive);
        return items.length;
      })
      .catch(function () { return 0; })
      .then(function (n) {
        fetching = false;
        if (again || n === 100) {
          again = false;
          return fetchNew();
        }
      });
  }

  /** The newest page again, to bring the messages shown up to date (edits,
   *  deletions, hiding, reactions: the socket would have said). */
  function refreshShown() {
    var shown = list.querySelectorAll('li.msg').length;
    if (!shown) return Promise.resolve();
    var url = base + '/messages?limit=' + Math.min(100, shown);
    return fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) throw new Error('status ' + r.status);
        return r.json();
      })
      .then(function (items) {
        items.forEach(function (m) {
          if (!m || m.room_id !== roomId) return;
          var li = byId(m.id);
          if (li) update(li, m);
        });
      })
      .catch(function () {});
  }

  function poll() {
    return fetchNew().then(function () {
      // The socket came back meanwhile: it says what changes.
      if (pollTimer) return refreshShown();
    });
  }

  var pollTimer = null;

  function startPolling() {
    if (pollTimer || !liveOn) return;
    setStatus(t('offline'));
    pollTimer = window.setInterval(poll, 5000);
    poll();
  }

  function stopPolling() {
    if (pollTimer) window.clearInterval(pollTimer);
    pollTimer = null;
  }

  // ---------------------------------------------------------------------
  // The socket

  var ws = null;
  var attempts = 0;
  var reconnectTimer = null;
  var pingTimer = null;

  function send(frame) {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(frame));
  }

  function catchUp() {
    if (lastId) send({ type: 'catch_up', room_id: roomId, after_id: lastId });
    else fetchNew();
  }

  function onFrame(f) {
    switch (f && f.type) {
      case 'hello': {
        var rooms = f.rooms || [];
        for (var i = 0; i < rooms.length; i++) {
          if (rooms[i].id === roomId && rooms[i].last_seq > lastSeq) catchUp();
        }
        break;
      }
      case 'message':
        receive(f.message);
        break;
      case 'message_hidden':
        hidden(f.room_id, f.message_id);
        break;
      case 'caught_up':
        // More than one answer holds: ask again after the last one shown.
        if (f.room_id === roomId && f.complete === false) catchUp();
        break;
      case 'resync':
        catchUp();
        break;
      default:
        break;
    }
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    var wait = Math.min(30000, 1000 * Math.pow(2, attempts)) + Math.floor(Math.random() * 500);
    attempts += 1;
    reconnectTimer = window.setTimeout(function () {
      reconnectTimer = null;
      connect();
    }, wait);
  }

  function connect() {
    if (!('WebSocket' in window)) {
      startPolling();
      return;
    }
    var scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    try {
      ws = new WebSocket(scheme + '//' + location.host + '/api/v1/ws');
    } catch (e) {
      ws = null;
      startPolling();
      scheduleReconnect();
      return;
    }
    var sock = ws;
    sock.onopen = function () {
      attempts = 0;
      stopPolling();
      setStatus('');
      // The server's `hello` says how far the room is: catching up follows it.
      if (pingTimer) window.clearInterval(pingTimer);
      pingTimer = window.setInterval(function () { send({ type: 'ping' }); }, 25000);
    };
    sock.onmessage = function (ev) {
      var f;
      try {
        f = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      onFrame(f);
    };
    sock.onclose = function () {
      if (ws === sock) ws = null;
      if (pingTimer) window.clearInterval(pingTimer);
      pingTimer = null;
      startPolling();
      scheduleReconnect();
    };
    sock.onerror = function () { /* a close follows */ };
  }

  // ---------------------------------------------------------------------
  // Posting without a reload

  function digits(phone) {
    return String(phone || '').replace(/[^0-9+]/g, '');
  }

  /** The helplines, for the writer only, after a message that hit the screening. */
  function showSupport(fromApi) {
    var lines = [];
    try {
      lines = JSON.parse(chat.getAttribute('data-helplines') || '[]');
    } catch (e) {
      lines = [];
    }
    if (!lines.length) lines = fromApi || [];
    var old = document.getElementById('support');
    if (old) old.parentNode.removeChild(old);
    var box = document.createElement('section');
    box.className = 'card support-panel';
    box.id = 'support';
    box.setAttribute('tabindex', '-1');
    box.setAttribute('aria-labelledby', 'support-title');
    var h = document.createElement('h2');
    h.id = 'support-title';
    h.textContent = t('support');
    var p = document.createElement('p');
    p.textContent = t('support-intro');
    var ul = document.createElement('ul');
    ul.className = 'helpline-list';
    lines.forEach(function (x) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.className = 'button call';
      a.href = 'tel:' + digits(x.phone);
      a.appendChild(document.createTextNode(x.name + ' '));
      var ph = document.createElement('span');
      ph.className = 'phone';
      ph.textContent = x.phone;
      a.appendChild(ph);
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(ul);
    var heading = chat.querySelector('h1');
    var hint = heading && heading.nextElementSibling;
    chat.insertBefore(box, hint ? hint.nextSibling : chat.firstChild);
    box.focus();
  }

  if (form) {
    var box = form.querySelector('textarea[name="body"]');
    var button = form.querySelector('button[type="submit"]');
    var sending = false;
    form.addEventListener('submit', function (ev) {
      if (!box || !window.fetch) return;
      var body = box.value;
      // The server says what is wrong, in the reader's language.
      if (!body.trim()) return;
      ev.preventDefault();
      if (sending) return;
      sending = true;
      if (button) button.disabled = true;
      apiSend('POST', base + '/messages', { body: body })
        .then(function (r) {
          if (r.status === 201) {
            return r.json().then(function (m) {
              box.value = '';
              setStatus('');
              if (m.support) showSupport(m.helplines);
              // Everything after the last shown, this message included, in order.
              return fetchNew();
            });
          }
          if (r.status === 422 || r.status === 403) {
            // Refused: the ordinary form shows why.
            form.submit();
            return null;
          }
          throw new Error('status ' + r.status);
        })
        .catch(function () {
          setStatus(t('failed'));
        })
        .then(function () {
          sending = false;
          if (button) button.disabled = false;
        });
    });
  }

  // ---------------------------------------------------------------------
  // Reacting and reporting without a reload

  function field(f, name) {
    var el = f.elements[name];
    return el ? String(el.value) : '';
  }

  /** Sends one of a message's forms through the API instead of reloading
   *  the page. `request()` starts the fetch; `done(answer)` shows the
   *  result. While it is under way the button is disabled and the form
   *  ignores more presses, so nothing is sent twice. A refusal (not in the
   *  room, a deleted message, a bad reason, a signed-out session…) sends
   *  the ordinary form, so the server says why in the reader's language;
   *  a network failure says so in the status line. */
  function viaApi(f, request, done) {
    if (f.getAttribute('data-busy')) return;
    f.setAttribute('data-busy', '1');
    var button = f.querySelector('button');
    var hadFocus = !!button && document.activeElement === button;
    var leaving = false;
    if (button) button.disabled = true;
    request()
      .then(function (r) {
        if (r.ok) {
          return r.json().then(function (answer) {
            if (statusLine && statusLine.textContent === t('action-failed')) setStatus('');
            done(answer);
          });
        }
        if (r.status >= 400 && r.status < 500) {
          leaving = true;
          f.submit();
          return null;
        }
        throw new Error('status ' + r.status);
      })
      .catch(function () {
        setStatus(t('action-failed'));
      })
      .then(function () {
        // Sent the ordinary way: the page is going, keep the button off.
        if (leaving) return;
        f.removeAttribute('data-busy');
        if (!button) return;
        button.disabled = false;
        // Disabling the pressed button dropped keyboard focus to the page;
        // give it back so the next key press works on the same button.
        var lost = !document.activeElement || document.activeElement === document.body;
        if (hadFocus && lost && document.body.contains(button)) button.focus();
      });
  }

  /** A reaction given or taken back. The API answers with the message as
   *  this reader sees it (counts and `mine`), which replaces what is shown:
   *  the socket's frame for the same change says the same, so applying
   *  both counts it once. */
  function react(f, li, id) {
    var kind = field(f, 'kind');
    var method = field(f, 'on') === '0' ? 'DELETE' : 'POST';
    var url = messagesApi + encodeURIComponent(id) + '/reactions/' + encodeURIComponent(kind);
    viaApi(f, function () { return apiSend(method, url); }, function (m) {
      if (m && m.id === id) update(li, m);
    });
  }

  /** The report form gives way to a short thank-you, which takes the focus
   *  (the form it was in is gone) and is announced. */
  function reported(li) {
    li.setAttribute('data-reported', '1');
    var note = document.createElement('p');
    note.className = 'hint msg-reported';
    note.setAttribute('tabindex', '-1');
    note.textContent = t('reported');
    var box = li.querySelector('.msg-report');
    if (box) box.parentNode.replaceChild(note, box);
    else li.appendChild(note);
    note.focus();
    say(t('reported'));
  }

  function report(f, li, id) {
    var reason = field(f, 'reason').trim();
    var url = messagesApi + encodeURIComponent(id) + '/report';
    viaApi(f, function () { return apiSend('POST', url, reason ? { reason: reason } : {}); }, function () {
      reported(li);
    });
  }

  // One listener for every message, rendered or arrived live.
  list.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (!window.fetch || !f || f.tagName !== 'FORM' || !f.closest) return;
    var li = f.closest('li.msg');
    var id = li ? li.getAttribute('data-id') : '';
    var action = f.getAttribute('action');
    if (!id) return;
    if (action === '/messages/' + id + '/react') {
      ev.preventDefault();
      react(f, li, id);
    } else if (action === '/messages/' + id + '/report') {
      ev.preventDefault();
      report(f, li, id);
    }
  });

  if (liveOn) {
    markReadSoon();
    connect();
  }
})();

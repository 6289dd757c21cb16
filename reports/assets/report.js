/* The run report (connectspec run --html). Everything is readable without this script; it adds
   the filters (kept in the URL hash: #outcome=fail,error&level=MUST&tag=port&q=zero), opens the
   case a #case-<id> link names, draws hex views from the bytes on the page, and opens every case
   before printing. No fetches. */
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.remove('no-js');
  root.classList.add('js');

  var all = function (sel, from) { return Array.prototype.slice.call((from || document).querySelectorAll(sel)); };
  var cases = all('details.case');
  var topics = all('section.topic');
  var attention = document.querySelector('.attention');
  var attentionItems = all('.attention li[data-case]');
  var buttons = all('nav.filters button[data-filter]');
  var tagSelect = document.getElementById('f-tag');
  var search = document.getElementById('f-q');
  var count = document.getElementById('f-count');
  var emptyMsg = document.querySelector('.empty-msg');
  var byId = {};
  cases.forEach(function (c) {
    var title = c.querySelector('.ctitle');
    c.searchText = (c.getAttribute('data-id') + ' ' + (title ? title.textContent : '')).toLowerCase();
    byId[c.getAttribute('data-id')] = c;
  });

  var state = { outcome: [], level: [], tag: '', q: '' };

  function matches(c) {
    if (state.outcome.length && state.outcome.indexOf(c.getAttribute('data-outcome')) < 0) return false;
    if (state.level.length && state.level.indexOf(c.getAttribute('data-level')) < 0) return false;
    if (state.tag && (' ' + c.getAttribute('data-tags') + ' ').indexOf(' ' + state.tag + ' ') < 0) return false;
    var words = state.q.toLowerCase().split(/\s+/);
    for (var i = 0; i < words.length; i++)
      if (words[i] && c.searchText.indexOf(words[i]) < 0) return false;
    return true;
  }

  function apply() {
    var shown = 0;
    cases.forEach(function (c) {
      var ok = matches(c);
      c.hidden = !ok;
      if (ok) shown++;
    });
    topics.forEach(function (t) { t.hidden = !t.querySelector('details.case:not([hidden])'); });
    var attentionShown = 0;
    attentionItems.forEach(function (li) {
      var c = byId[li.getAttribute('data-case')];
      li.hidden = !!(c && c.hidden);
      if (!li.hidden) attentionShown++;
    });
    if (attention) {
      attention.hidden = attentionShown === 0;
      attention.querySelector('.count').textContent = attentionShown;
    }
    buttons.forEach(function (b) {
      var list = state[b.getAttribute('data-filter')];
      b.setAttribute('aria-pressed', list.indexOf(b.getAttribute('data-value')) >= 0 ? 'true' : 'false');
    });
    if (tagSelect) tagSelect.value = state.tag;
    if (search && document.activeElement !== search) search.value = state.q;
    if (count) count.textContent = shown === cases.length ? cases.length + ' cases' : shown + ' of ' + cases.length + ' cases shown';
    if (emptyMsg) emptyMsg.hidden = shown > 0;
  }

  function hashOfState() {
    var parts = [];
    if (state.outcome.length) parts.push('outcome=' + state.outcome.join(','));
    if (state.level.length) parts.push('level=' + state.level.join(','));
    if (state.tag) parts.push('tag=' + encodeURIComponent(state.tag));
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    return parts.join('&');
  }

  function writeHash() {
    var h = hashOfState();
    var url = location.href.split('#')[0] + (h ? '#' + h : '');
    if (url === location.href) return;
    try {
      history.replaceState(null, '', url);
    } catch (e) {
      /* Some browsers refuse history changes on file:// URLs; the view still filters. */
    }
  }

  function decode(s) {
    try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; }
  }

  function readHash(h) {
    state = { outcome: [], level: [], tag: '', q: '' };
    h.split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq < 0) return;
      var key = part.slice(0, eq), value = decode(part.slice(eq + 1));
      if (key === 'outcome' || key === 'level')
        state[key] = value.split(',').filter(function (v) { return v; });
      else if (key === 'tag' || key === 'q')
        state[key] = value;
    });
  }

  function openCase(anchor) {
    var el = document.getElementById(anchor);
    if (!el || !el.matches('details.case')) return;
    if (el.hidden) {  // filtered out: the link must still show it
      state = { outcome: [], level: [], tag: '', q: '' };
      apply();
    }
    cases.forEach(function (c) { c.classList.remove('targeted'); });
    el.classList.add('targeted');
    el.open = true;
    el.scrollIntoView({ block: 'start' });
  }

  function fromHash() {
    var h = location.hash.replace(/^#/, '');
    if (h.indexOf('=') >= 0) {
      readHash(h);
      apply();
      return;
    }
    apply();
    h = decode(h);
    if (h.indexOf('case-') === 0) openCase(h);
  }

  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      var list = state[b.getAttribute('data-filter')], v = b.getAttribute('data-value');
      var at = list.indexOf(v);
      if (at >= 0) list.splice(at, 1); else list.push(v);
      apply();
      writeHash();
    });
  });
  if (tagSelect) tagSelect.addEventListener('change', function () { state.tag = tagSelect.value; apply(); writeHash(); });
  if (search) search.addEventListener('input', function () { state.q = search.value.trim(); apply(); writeHash(); });
  var clear = document.getElementById('f-clear');
  if (clear) clear.addEventListener('click', function () {
    state = { outcome: [], level: [], tag: '', q: '' };
    if (search) search.value = '';
    apply();
    writeHash();
  });
  var expand = document.getElementById('f-expand');
  if (expand) expand.addEventListener('click', function () { cases.forEach(function (c) { if (!c.hidden) c.open = true; }); });
  var collapse = document.getElementById('f-collapse');
  if (collapse) collapse.addEventListener('click', function () { cases.forEach(function (c) { c.open = false; }); });

  /* Anchors land below the sticky filter bar, not under it. */
  function measureSticky() {
    var nav = document.querySelector('nav.filters');
    var sticky = nav && getComputedStyle(nav).position === 'sticky';
    root.style.setProperty('--sticky', (sticky ? nav.offsetHeight : 0) + 'px');
  }
  measureSticky();
  window.addEventListener('resize', measureSticky);

  window.addEventListener('hashchange', fromHash);
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (ev.key === '/' && search && !(t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA'))) {
      ev.preventDefault();
      search.focus();
    }
  });

  /* Hex views: the bytes are on the page in the visible-bytes notation (\r \n \t \0 \\ \xNN),
     which decodes losslessly; the line breaks after each \n are only for reading. */
  function bytesOf(text) {
    var out = [];
    text = text.replace(/\n/g, '');
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch !== '\\') { out.push(text.charCodeAt(i) & 0xff); continue; }
      var e = text.charAt(++i);
      if (e === 'r') out.push(13);
      else if (e === 'n') out.push(10);
      else if (e === 't') out.push(9);
      else if (e === '0') out.push(0);
      else if (e === 'x') { out.push(parseInt(text.substr(i + 1, 2), 16)); i += 2; }
      else out.push(e.charCodeAt(0) & 0xff);  /* \\ */
    }
    return out;
  }

  function bytesOfBase64(b64) {
    var text = atob(b64), out = new Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }

  /* The visible-bytes notation of bytes, as the page writes it (unstyled, as for binary bytes). */
  function visibleOf(bytes) {
    var names = { 92: '\\\\', 13: '\\r', 10: '\\n\n', 9: '\\t', 0: '\\0' };
    var out = '';
    for (var i = 0; i < bytes.length; i++) {
      var b = bytes[i];
      if (names[b] !== undefined) out += names[b];
      else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
      else out += '\\x' + hex2(b);
    }
    return out;
  }

  /* The bytes of one event's cell: its parts in order, as text (pre.src) or base64 (data-b64). */
  function cellBytes(cell) {
    var bytes = [];
    all('pre.src, [data-b64]', cell).forEach(function (part) {
      var b = part.hasAttribute('data-b64') ? bytesOfBase64(part.getAttribute('data-b64')) : bytesOf(part.textContent);
      Array.prototype.push.apply(bytes, b);
    });
    return bytes;
  }

  function showKept(details) {
    if (!details.open || details.querySelector('pre.drawn')) return;
    var pre = document.createElement('pre');
    pre.className = 'b bin drawn';
    pre.textContent = visibleOf(bytesOfBase64(details.getAttribute('data-b64')));
    details.appendChild(pre);
  }
  document.addEventListener('toggle', function (ev) {
    if (ev.target.matches && ev.target.matches('details.kept[data-b64]')) showKept(ev.target);
  }, true);

  function hex2(n) { return (n < 16 ? '0' : '') + n.toString(16); }

  function hexDump(bytes) {
    var lines = [];
    for (var off = 0; off < bytes.length; off += 16) {
      var hex = '', ascii = '';
      for (var k = 0; k < 16; k++) {
        if (off + k < bytes.length) {
          var b = bytes[off + k];
          hex += hex2(b) + ' ';
          ascii += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
        } else {
          hex += '   ';
        }
        if (k === 7) hex += ' ';
      }
      lines.push(('0000000' + off.toString(16)).slice(-8) + '  ' + hex + ' |' + ascii + '|');
    }
    return lines.join('\n');
  }

  all('button.hx').forEach(function (b) {
    b.type = 'button';
    b.title = 'Show these bytes as hex';
    b.setAttribute('aria-pressed', 'false');
  });

  /* A long run of data events whose bytes were not kept is folded under the row that sums it up. */
  function toggleFold(button) {
    var open = button.getAttribute('aria-expanded') !== 'true';
    for (var row = button.closest('tr').nextElementSibling; row && row.classList.contains('folded'); row = row.nextElementSibling)
      row.classList.toggle('open', open);
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    button.textContent = open ? 'hide' : 'show';
  }

  document.addEventListener('click', function (ev) {
    var target = ev.target;
    var fold = target.closest && target.closest('button.fold-btn');
    if (fold) {
      toggleFold(fold);
      return;
    }
    var link = target.closest && target.closest('a[href^="#case-"]');
    if (link) {
      var anchor = decode(link.getAttribute('href').slice(1));
      setTimeout(function () { openCase(anchor); }, 0);  /* also when the hash does not change */
      return;
    }
    var button = target.closest && target.closest('button.hx');
    if (!button) return;
    var cell = button.closest('td');
    var pre = cell.querySelector('pre.hex');
    if (!pre) {
      pre = document.createElement('pre');
      pre.className = 'hex';
      pre.textContent = hexDump(cellBytes(cell));
      cell.appendChild(pre);
    }
    var on = !cell.classList.contains('show-hex');
    cell.classList.toggle('show-hex', on);
    pre.hidden = !on;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = on ? 'text' : 'hex';
    button.title = on ? 'Show these bytes as text' : 'Show these bytes as hex';
  });

  /* Printing shows every case of the current view expanded, then puts things back. */
  var closedBeforePrint = [];
  window.addEventListener('beforeprint', function () {
    closedBeforePrint = cases.filter(function (c) { return !c.open; });
    closedBeforePrint.forEach(function (c) { c.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closedBeforePrint.forEach(function (c) { c.open = false; });
    closedBeforePrint = [];
  });

  fromHash();
})();

// caremap explorer: instant search and copy buttons. Every page works
// without this file; it only adds to what is already there.
(function () {
  'use strict';

  // Instant search: as you type in an input[data-instant], list the best
  // matches under it, read from /search?format=json.
  document.querySelectorAll('input[data-instant]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('aria-controls'));
    if (!list) return;
    var timer = 0, ctrl = null;
    function clear() { list.replaceChildren(); list.hidden = true; }
    function show(hits, q) {
      list.replaceChildren();
      if (!hits.length) {
        var li = document.createElement('li');
        li.textContent = 'Nothing matches \u201c' + q + '\u201d.';
        list.append(li);
      }
      hits.forEach(function (h) {
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = h.url;
        a.textContent = h.name;
        li.append(a);
        var extra = (h.shortName ? h.shortName + ', ' : '') + h.kind;
        var span = document.createElement('span');
        span.className = 'muted';
        span.textContent = ' (' + extra + ')';
        li.append(span);
        list.append(li);
      });
      list.hidden = false;
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { clear(); return; }
      timer = setTimeout(function () {
        if (ctrl) ctrl.abort();
        ctrl = new AbortController();
        fetch('/search?format=json&limit=8&q=' + encodeURIComponent(q), { signal: ctrl.signal })
          .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
          .then(function (d) { if (input.value.trim() === q) show(d.hits || [], q); })
          .catch(function () {});
      }, 150);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') clear();
      if (e.key === 'ArrowDown' && !list.hidden) {
        var a = list.querySelector('a');
        if (a) { e.preventDefault(); a.focus(); }
      }
    });
    document.addEventListener('click', function (e) {
      if (!list.contains(e.target) && e.target !== input) clear();
    });
    list.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      var i = links.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (e.key === 'Escape') { clear(); input.focus(); }
    });
  });

  // Copy buttons: shown only when script runs; they copy the embed code
  // from the textarea named by data-copy.
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var area = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentElement.querySelector('.copy-status');
    if (!area) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      function done(ok) { if (status) status.textContent = ok ? 'Copied to the clipboard.' : 'Select the code and copy it.'; }
      area.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(function () { done(true); }, function () { done(document.execCommand('copy')); });
      } else {
        done(document.execCommand('copy'));
      }
    });
  });

  // Links in a diagram drawn in an <object> open in the whole window, not
  // inside the object.
  document.querySelectorAll('object[data-diagram]').forEach(function (obj) {
    function retarget() {
      var doc = null;
      try { doc = obj.contentDocument; } catch (e) { return; }
      if (!doc) return;
      doc.querySelectorAll('a').forEach(function (a) { a.setAttribute('target', '_top'); });
    }
    obj.addEventListener('load', retarget);
    retarget();
  });
})();

// The moderation queue, enhanced. Every form works without this file (POST, then back to the same page); with it,
// the same forms are sent with fetch and the page changes in place: the rows that left the tab go, the counts in the
// tabs and in the navigation follow, and what happened is announced in the polite live region.
(function () {
  'use strict';
  var table = document.querySelector('table[data-queue]');
  var live = document.querySelector('[data-queue-live]');
  if (!live) return;

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll('input[type="checkbox"][name="Ids"][form="bulk"]'));
  }

  // Select all: a checkbox in the table's head replaces the "Select all on this page" link.
  var selectAll = document.querySelector('input[data-select-all]');
  if (selectAll) {
    selectAll.hidden = false;
    document.querySelectorAll('[data-select-all-link]').forEach(function (a) { a.hidden = true; });
    var sync = function () {
      var all = boxes();
      var checked = all.filter(function (b) { return b.checked; }).length;
      selectAll.checked = all.length > 0 && checked === all.length;
      selectAll.indeterminate = checked > 0 && checked < all.length;
    };
    selectAll.addEventListener('change', function () {
      boxes().forEach(function (b) { b.checked = selectAll.checked; });
      sync();
    });
    document.addEventListener('change', function (e) {
      if (e.target.matches && e.target.matches('input[name="Ids"][form="bulk"]')) sync();
    });
    sync();
  }

  function announce(message, isError) {
    live.textContent = '';
    var p = document.createElement('p');
    p.className = isError ? 'flash error' : 'flash';
    p.textContent = message;
    live.appendChild(p);
  }

  function setCounts(counts) {
    if (!counts) return;
    Object.keys(counts).forEach(function (status) {
      document.querySelectorAll('[data-count="' + status + '"]').forEach(function (el) { el.textContent = counts[status]; });
    });
    if (typeof counts.pending === 'number') {
      document.querySelectorAll('[data-pending-count]').forEach(function (el) { el.textContent = counts.pending; });
    }
  }

  // Removes the rows that left this tab. When the row the action came from goes, focus moves on to the next
  // row's first action (or the previous row's), never lost to the page.
  function removeRows(ids, origin) {
    if (!table) return;
    var nextFocus = null;
    if (origin && ids.indexOf(Number(origin.getAttribute('data-comment-id'))) >= 0) {
      var next = origin.nextElementSibling || origin.previousElementSibling;
      nextFocus = next ? next.querySelector('.row-actions button, .row-actions a') : null;
    }
    ids.forEach(function (id) {
      var row = table.querySelector('tr[data-comment-id="' + id + '"]');
      if (row) row.remove();
    });
    if (selectAll) {
      selectAll.checked = false;
      selectAll.indeterminate = false;
    }
    if (table.tBodies[0] && table.tBodies[0].rows.length === 0) {
      // The page is done; the next comments (if any) are one plain link away.
      var wrap = table.closest('.table-wrap') || table;
      var done = document.createElement('p');
      done.className = 'muted queue-empty';
      var more = document.createElement('a');
      more.href = window.location.href;
      more.textContent = 'Show the next comments';
      done.appendChild(document.createTextNode('Every comment on this page is done. '));
      done.appendChild(more);
      wrap.replaceWith(done);
      var bulk = document.getElementById('bulk');
      if (bulk) bulk.hidden = true;
      nextFocus = more;
    }
    if (nextFocus) nextFocus.focus();
  }

  function confirmText(form, data) {
    var kind = data.get('Do');
    if (kind === 'empty') {
      return 'Delete every comment in ' + (data.get('Tab') === 'spam' ? 'Spam' : 'Trash') +
        ' permanently, with any replies to them? This cannot be undone.';
    }
    var n = data.getAll('Ids').length;
    return 'Delete ' + (n === 1 ? 'this comment' : n + ' comments') +
      ' permanently, with any replies to ' + (n === 1 ? 'it' : 'them') + '? This cannot be undone.';
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.matches || !form.matches('form[data-queue-form]') || form.dataset.native === '1') return;
    var submitter = e.submitter;
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var kind = data.get('Do');
    if (kind !== 'empty' && data.getAll('Ids').length === 0) {
      e.preventDefault();
      announce('Please select at least one comment first.', true);
      return;
    }
    if (submitter && submitter.getAttribute('data-confirm')) {
      if (!window.confirm(confirmText(form, data))) {
        e.preventDefault();
        return;
      }
      data.append('Confirmed', 'true');
    }
    e.preventDefault();
    // Busy, not disabled: a disabled button would drop the keyboard focus.
    if (form.getAttribute('aria-busy') === 'true') return;
    form.setAttribute('aria-busy', 'true');
    var origin = form.closest('tr[data-comment-id]');

    fetch(form.action, {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' }
    }).then(function (response) {
      var type = response.headers.get('Content-Type') || '';
      if (type.indexOf('application/json') < 0) throw new Error('not json');
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      setCounts(result.body.counts);
      announce(result.body.message, !result.ok);
      if (result.ok) {
        removeRows(result.body.changed || [], origin);
        boxes().forEach(function (b) { b.checked = false; });
      }
    }).catch(function () {
      // Signed out, or the server answered with a page: send the form the plain way instead.
      form.dataset.native = '1';
      form.removeAttribute('aria-busy');
      if (data.get('Confirmed') === 'true' && !form.querySelector('input[name="Confirmed"]')) {
        var c = document.createElement('input');
        c.type = 'hidden';
        c.name = 'Confirmed';
        c.value = 'true';
        form.appendChild(c);
      }
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    }).finally(function () {
      form.removeAttribute('aria-busy');
    });
  });
})();

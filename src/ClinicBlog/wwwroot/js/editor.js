// Article and bio editors. The forms work without this file (the "Preview" button re-renders the page, "Save draft"
// saves); with it, the preview follows the typing, rendered by the server's own pipeline (the public page's), the
// article's draft is saved automatically, and leaving with unsaved changes asks first.
(function () {
  'use strict';

  document.querySelectorAll('form[data-preview-url]').forEach(function (form) {
    var url = form.getAttribute('data-preview-url');
    var source = form.querySelector('[data-preview-source]');
    var target = document.querySelector(form.getAttribute('data-preview-target'));
    var status = form.querySelector('[data-preview-status]');
    var token = form.querySelector('input[name="__RequestVerificationToken"]');
    if (!url || !source || !target || !token) return;

    var timer = 0;
    var pending = null;
    var sent = source.value;

    function render() {
      if (source.value === sent) return;
      sent = source.value;
      if (pending) pending.abort();
      pending = new AbortController();
      var body = new FormData();
      body.append('markdown', source.value);
      body.append('__RequestVerificationToken', token.value);
      target.setAttribute('aria-busy', 'true');
      fetch(url, { method: 'POST', body: body, credentials: 'same-origin', signal: pending.signal })
        .then(function (r) { if (!r.ok) throw new Error('preview ' + r.status); return r.text(); })
        .then(function (html) {
          // The server sanitized it with the public page's allow-list: the same HTML readers would get.
          target.innerHTML = html;
          if (status) status.textContent = 'As readers will see the body.';
        })
        .catch(function (e) {
          if (e.name === 'AbortError') return;
          sent = null;
          if (status) status.textContent = 'The preview could not be updated. The Preview button below still works.';
        })
        .finally(function () { target.removeAttribute('aria-busy'); });
    }

    source.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 400);
    });
  });

  // What the form would send, without the token: two equal snapshots mean nothing changed in between.
  function snapshot(form) {
    var data = new FormData(form);
    data.delete('__RequestVerificationToken');
    return new URLSearchParams(data).toString();
  }

  document.querySelectorAll('form[data-preview-url]').forEach(function (form) {
    // The words the server has: as the page was loaded, then as each autosave left them.
    var saved = snapshot(form);
    var submitting = false;
    form.addEventListener('submit', function () { submitting = true; });

    // Unsaved changes: ask before leaving, unless the form itself is being submitted or autosave has everything.
    window.addEventListener('beforeunload', function (e) {
      if (submitting || snapshot(form) === saved) return;
      e.preventDefault();
      e.returnValue = '';
    });

    // Autosave (articles only): about 20 seconds after the typing stops, and when the tab is hidden or closed.
    var url = form.getAttribute('data-autosave-url');
    if (!url) return;
    var status = document.querySelector(form.getAttribute('data-autosave-status'));
    var idle = 0;
    var inFlight = false;
    var again = false;
    // A new article has no address until its first autosave creates it; until then, never send two at once.
    var creating = /\/new\?/.test(url);

    function say(text) { if (status) status.textContent = text; }

    // leaving: the tab is hidden or closing. Browsers finish a keepalive request after the page is gone, but only
    // a small one (64 kB between them), so a long article's ordinary autosave goes without it.
    function save(leaving) {
      window.clearTimeout(idle);
      var now = snapshot(form);
      if (submitting || now === saved) return;
      if (inFlight) { again = true; return; }
      inFlight = true;
      var wasCreating = creating;
      var keepalive = !!leaving && now.length < 60000;
      fetch(url, { method: 'POST', body: new FormData(form), credentials: 'same-origin', keepalive: keepalive, headers: { Accept: 'application/json' } })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (data) { return { ok: r.ok, data: data }; });
        })
        .then(function (answer) {
          // A new article without a title is not stored yet: its words are still unsaved.
          if (answer.ok && (answer.data.saved || !wasCreating)) saved = now;
          say(answer.data.message || (answer.ok ? 'Draft saved automatically.' : 'Not saved automatically. “Save draft” still works.'));
          if (answer.ok && answer.data.editUrl) adopt(answer.data.editUrl, answer.data.autosaveUrl);
        })
        .catch(function () { say('Not saved automatically: the connection failed. “Save draft” still works.'); })
        .finally(function () {
          inFlight = false;
          if (again) { again = false; schedule(); }
        });
    }

    // The new draft exists: from now on the form, its buttons and the autosave go to its own address.
    function adopt(editUrl, autosaveUrl) {
      creating = false;
      url = autosaveUrl;
      form.setAttribute('action', editUrl);
      form.querySelectorAll('[formaction]').forEach(function (button) {
        button.setAttribute('formaction', button.getAttribute('formaction').replace('/admin/articles/new', editUrl));
      });
      // The address bar follows, so a reload opens the draft rather than a blank new article.
      try { window.history.replaceState(null, '', editUrl); } catch (e) { /* an old browser: the form still goes to the draft */ }
    }

    function schedule() {
      window.clearTimeout(idle);
      idle = window.setTimeout(function () { save(false); }, 20000);
    }

    // Hidden or leaving: a beacon survives the page. Its form data carries the antiforgery token (a beacon cannot set
    // headers). A new article is saved with a fetch instead: its answer names the new draft, and without it the next
    // save would make a second one (keepalive still finishes the request if the tab is closing). A beacon too large
    // for the browser is refused at once, and a plain save is tried.
    function flush() {
      window.clearTimeout(idle);
      if (submitting || snapshot(form) === saved) return;
      if (!creating && navigator.sendBeacon && navigator.sendBeacon(url, new FormData(form))) {
        saved = snapshot(form);
      } else {
        save(true);
      }
    }

    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') flush(); });
    window.addEventListener('pagehide', flush);
  });
})();

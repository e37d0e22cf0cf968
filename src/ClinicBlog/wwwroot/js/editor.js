// Article and bio editors. The forms work without this file (the "Preview" button re-renders the page); with it, the
// preview follows the typing, rendered by the server's own pipeline (the public page's), and leaving with unsaved
// changes asks first.
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

  // Unsaved changes: ask before leaving, but not when the form itself is being submitted.
  document.querySelectorAll('form[data-preview-url]').forEach(function (form) {
    var dirty = false;
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('change', function () { dirty = true; });
    form.addEventListener('submit', function () { dirty = false; });
    window.addEventListener('beforeunload', function (e) {
      if (!dirty) return;
      e.preventDefault();
      e.returnValue = '';
    });
  });
})();

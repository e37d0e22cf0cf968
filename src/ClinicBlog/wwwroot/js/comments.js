// Comment form helpers. The form works without this file; with it, a shared (cached) article page gets this
// reader's antiforgery token and time-trap stamp, and "Reply" moves the form under the comment being answered.
(function () {
  'use strict';
  var form = document.querySelector('form[data-comment-form]');
  if (!form) return;

  var stateUrl = form.getAttribute('data-state-url');
  if (stateUrl) {
    fetch(stateUrl, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        var token = document.createElement('input');
        token.type = 'hidden';
        token.name = state.tokenField;
        token.value = state.token;
        form.appendChild(token);
        form.querySelector('input[name="Stamp"]').value = state.stamp;
      })
      .catch(function () { /* the server asks to confirm the post instead */ });
  }

  var respond = document.getElementById('respond');
  var title = document.getElementById('reply-title');
  var parentInput = form.querySelector('input[name="ParentId"]');
  var home = respond.parentNode;
  var homeNext = respond.nextSibling;
  var originalTitle = title.textContent;
  var cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'link-button';
  cancel.textContent = 'Cancel reply';
  cancel.hidden = true;
  title.after(cancel);

  document.addEventListener('click', function (e) {
    var link = e.target.closest('a.comment-reply-link');
    if (!link) return;
    e.preventDefault();
    var li = link.closest('li[id^="comment-"]');
    var comment = li.querySelector('.comment');
    comment.after(respond);
    parentInput.value = li.id.slice('comment-'.length);
    title.textContent = 'Reply to ' + comment.querySelector('.comment-author').textContent;
    cancel.hidden = false;
    form.querySelector('textarea').focus();
  });

  cancel.addEventListener('click', function () {
    home.insertBefore(respond, homeNext);
    parentInput.value = '';
    title.textContent = originalTitle;
    cancel.hidden = true;
    title.focus();
  });
})();

// paperboy's only script. Everything works without it; it adds LaTeX rendering (KaTeX, served
// by paperboy itself), votes without a page reload, copy buttons and keyboard navigation.
(function () {
  'use strict';

  // A refused form comes back in place, at the URL it was posted to, with the reader's text and
  // what was wrong. Reloading that would post it again, so the history entry becomes the page
  // the form was sent from (a GET): a reload shows that page, and nothing is posted twice.
  function forgetThePost() {
    var main = document.querySelector('main');
    if (!main || !main.dataset.posted || !document.referrer) return;
    try {
      var from = new URL(document.referrer);
      if (from.origin !== location.origin) return;
      history.replaceState(null, '', from.pathname + from.search);
    } catch (e) { /* an unreadable referrer: the browser asks before posting again */ }
  }

  function renderMath() {
    if (typeof renderMathInElement !== 'function') return;
    document.querySelectorAll('.math').forEach(function (el) {
      renderMathInElement(el, {
        delimiters: [
          { left: '$$', right: '$$', display: true },
          { left: '\\[', right: '\\]', display: true },
          { left: '$', right: '$', display: false },
          { left: '\\(', right: '\\)', display: false }
        ],
        throwOnError: false
      });
    });
  }

  // Votes go to the JSON API with the page's CSRF token; on any failure the form is submitted
  // the ordinary way, which also takes a signed-out visitor to the sign-in page.
  function enhanceVotes() {
    var csrf = document.querySelector('main').dataset.csrf;
    document.querySelectorAll('form.vote').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        var holder = form.closest('[data-paper]');
        if (!holder) return;
        event.preventDefault();
        var button = form.querySelector('button');
        var action = form.querySelector('input[name=action]');
        var method = action.value === 'down' ? 'DELETE' : 'POST';
        fetch('/api/papers/' + holder.dataset.paper + '/vote', {
          method: method, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf }
        }).then(function (response) {
          if (!response.ok) throw new Error('vote failed: ' + response.status);
          return response.json();
        }).then(function (body) {
          holder.querySelector('.count').textContent = body.upvotes;
          button.setAttribute('aria-pressed', body.voted ? 'true' : 'false');
          action.value = body.voted ? 'down' : 'up';
        }).catch(function () { form.submit(); });
      });
    });
  }

  // "Not interested" without leaving the page: the card folds into a line that says so, with an
  // undo. Without scripts the form posts and the page comes back with the same notice on top.
  function enhanceHideButtons() {
    document.querySelectorAll('form.hide').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        var card = form.closest('.card');
        if (!card) return;
        event.preventDefault();
        var post = function (undo) {
          var body = new URLSearchParams(new FormData(form));
          if (undo) body.set('undo', '1');
          return fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' }).then(function (r) {
            if (!r.ok) throw new Error('not-interested failed: ' + r.status);
          });
        };
        post(false).then(function () {
          var body = card.querySelector('.body');
          var title = card.querySelector('h2 a').textContent.trim();
          var kept = document.createDocumentFragment();  // the card's own nodes, listeners and all
          while (body.firstChild) kept.appendChild(body.firstChild);
          var note = document.createElement('p');
          note.className = 'dismissed-note';
          note.setAttribute('role', 'status');
          note.textContent = 'Hidden “' + title + '”: it will not be recommended to you. ';
          var undo = document.createElement('button');
          undo.type = 'button';
          undo.className = 'link';
          undo.textContent = 'Undo';
          undo.addEventListener('click', function () {
            post(true).then(function () {
              body.replaceChildren(kept);
              card.classList.remove('dismissed');
            });
          });
          note.appendChild(undo);
          body.appendChild(note);
          card.classList.add('dismissed');
          undo.focus();
        }).catch(function () { form.submit(); });
      });
    });
  }

  // After "Move up" or "Move down" the page comes back at the moved item (#item-…): focus
  // returns to the same button there, so a keyboard reader can go on moving it.
  function keepPlaceInCollections() {
    document.querySelectorAll('.collection-tools form').forEach(function (form) {
      form.addEventListener('submit', function () {
        var button = form.querySelector('button');
        try { sessionStorage.setItem('paperboy-moved-with', button.className); } catch (e) { /* private mode */ }
      });
    });
    var moved = document.querySelector('.collection-items > li.moved');
    if (!moved) return;
    var used = null;
    try { used = sessionStorage.getItem('paperboy-moved-with'); sessionStorage.removeItem('paperboy-moved-with'); } catch (e) { /* private mode */ }
    var target = null;
    if (used) target = moved.querySelector('.collection-tools button.' + used.split(' ').join('.'));
    if (!target) target = moved.querySelector('.collection-tools button.move-up, .collection-tools button.move-down');
    // After the load, when the browser has scrolled to the fragment (which moves focus away).
    if (target) window.addEventListener('load', function () { setTimeout(function () { target.focus(); }, 0); });
  }

  function enhanceCopyButtons() {
    document.querySelectorAll('button.copy').forEach(function (button) {
      button.addEventListener('click', function () {
        var text = document.getElementById(button.dataset.copy).textContent;
        navigator.clipboard.writeText(text).then(function () { button.textContent = 'Copied'; });
      });
    });
  }

  // j / k move between papers, o or Enter opens one, / goes to the search box.
  function enableKeys() {
    var cards = Array.prototype.slice.call(document.querySelectorAll('.card'));
    var current = -1;
    document.addEventListener('keydown', function (event) {
      var tag = (event.target.tagName || '').toLowerCase();
      if (tag === 'input' || tag === 'textarea' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') {
        event.preventDefault();
        document.getElementById('site-q').focus();
      } else if ((event.key === 'j' || event.key === 'k') && cards.length) {
        current = Math.max(0, Math.min(cards.length - 1, current + (event.key === 'j' ? 1 : -1)));
        cards[current].focus();
      } else if ((event.key === 'o' || event.key === 'Enter') && document.activeElement.classList.contains('card')) {
        document.activeElement.querySelector('h2 a').click();
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    forgetThePost();
    renderMath();
    enhanceVotes();
    enhanceHideButtons();
    keepPlaceInCollections();
    enhanceCopyButtons();
    enableKeys();
  });
})();

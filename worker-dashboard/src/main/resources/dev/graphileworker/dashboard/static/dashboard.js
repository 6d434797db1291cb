// Refreshes the parts of the page marked data-refresh every few seconds, in place: the address (and
// so the filters), the form being edited and the scroll position stay as they are. Pages work
// without it; it only saves pressing reload. Nothing here builds HTML from text: it moves elements
// of a page the server rendered and escaped.
(function () {
  'use strict';
  var seconds = parseInt(document.body.getAttribute('data-refresh-seconds'), 10) || 5;
  var every = seconds % 60 === 0 ? (seconds / 60) + ' min' : seconds + ' s';
  var status = document.getElementById('refresh-status');
  var paused = false;
  var timer = null;
  var busy = false;
  var label = document.createElement('span');
  var toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.id = 'refresh-toggle';
  status.appendChild(label);
  status.appendChild(toggle);

  function show(text) {
    label.textContent = text;
    toggle.textContent = paused ? 'Resume' : 'Pause';
  }

  function schedule() {
    clearTimeout(timer);
    if (!paused) {
      timer = setTimeout(refresh, seconds * 1000);
    }
  }

  function refresh() {
    if (busy) {
      return;
    }
    if (document.hidden) {
      schedule();
      return;
    }
    busy = true;
    fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store', headers: { 'X-Requested-With': 'refresh' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var x = window.scrollX;
        var y = window.scrollY;
        document.querySelectorAll('[data-refresh]').forEach(function (region) {
          var replacement = fresh.getElementById(region.id);
          if (replacement) {
            region.replaceWith(document.adoptNode(replacement));
          }
        });
        window.scrollTo(x, y);
        show('Updated ' + new Date().toLocaleTimeString());
      })
      .catch(function (error) {
        show('Could not refresh (' + error.message + '); trying again');
      })
      .then(function () {
        busy = false;
        schedule();
      });
  }

  toggle.addEventListener('click', function () {
    paused = !paused;
    show(paused ? 'Auto-refresh paused' : 'Refreshing every ' + every);
    schedule();
  });
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && !paused) {
      refresh();
    }
  });
  show('Refreshing every ' + every);
  schedule();
})();

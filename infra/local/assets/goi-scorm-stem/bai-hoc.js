/* A SCORM 1.2 SCO: three pages and two questions. It finds the LMS's API in a parent window,
   saves its page (lesson_location) and the pages seen (suspend_data), and reports the score and
   passed / failed (mastery 50) when the questions are submitted. */
(function () {
  function findApi(win) {
    for (var i = 0; win && i < 10; i++) {
      if (win.API) return win.API;
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = findApi(window.parent) || (window.opener && findApi(window.opener));
  var pages = document.querySelectorAll('section[data-trang]');
  var page = 1;
  var seen = {};
  var finished = false;

  function show(n) {
    page = n;
    seen[n] = true;
    pages.forEach(function (s) { s.hidden = Number(s.getAttribute('data-trang')) !== n; });
    document.getElementById('buoc').textContent = 'Trang ' + n + '/' + pages.length;
    document.getElementById('truoc').disabled = n === 1;
    document.getElementById('sau').disabled = n === pages.length;
    if (api) {
      api.LMSSetValue('cmi.core.lesson_location', String(n));
      api.LMSSetValue('cmi.suspend_data', Object.keys(seen).join(','));
      api.LMSCommit('');
    }
  }

  function finish() {
    if (!api || finished) return;
    finished = true;
    api.LMSSetValue('cmi.core.exit', 'suspend');
    api.LMSCommit('');
    api.LMSFinish('');
  }

  var start = 1;
  if (api) {
    api.LMSInitialize('');
    var status = api.LMSGetValue('cmi.core.lesson_status');
    if (status === 'not attempted' || status === '') api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    var location = Number(api.LMSGetValue('cmi.core.lesson_location'));
    if (location >= 1 && location <= pages.length) start = location;
    (api.LMSGetValue('cmi.suspend_data') || '').split(',').forEach(function (n) { if (n) seen[n] = true; });
  }
  show(start);

  document.getElementById('truoc').addEventListener('click', function () { show(page - 1); });
  document.getElementById('sau').addEventListener('click', function () { show(page + 1); });
  document.getElementById('cau-hoi').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var right = (form.c1.value === 'b' ? 1 : 0) + (form.c2.value === 'a' ? 1 : 0);
    var score = Math.round((right / 2) * 100);
    var passed = score >= 50;
    document.getElementById('ket-qua').textContent =
      'Bạn đúng ' + right + '/2 câu (' + score + ' điểm): ' + (passed ? 'Đạt.' : 'Chưa đạt, hãy làm lại.');
    if (api) {
      api.LMSSetValue('cmi.core.score.raw', String(score));
      api.LMSSetValue('cmi.core.score.min', '0');
      api.LMSSetValue('cmi.core.score.max', '100');
      api.LMSSetValue('cmi.core.lesson_status', passed ? 'passed' : 'failed');
      api.LMSCommit('');
    }
  });
  window.addEventListener('pagehide', finish);
})();

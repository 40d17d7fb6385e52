/* A cmi5 AU: it reads its launch parameters, trades the fetch URL for a token once, reads
   LMS.LaunchData (its session id, mastery score), and sends its statements to the LRS:
   initialized, completed (every page read), passed or failed (the question), terminated (when
   the page goes away). */
(function () {
  var q = new URLSearchParams(location.search);
  var endpoint = q.get('endpoint');
  var actor = JSON.parse(q.get('actor') || 'null');
  var registration = q.get('registration');
  var activityId = q.get('activityId');
  var status = document.getElementById('trang-thai');
  var pages = document.querySelectorAll('section[data-trang]');
  var page = 1, seen = {}, auth, sessionId, mastery = 0.5, completed = false, passed = false, ended = false;

  function xapi(method, path, body, keepalive) {
    return fetch(endpoint + path, {
      method: method,
      keepalive: Boolean(keepalive),
      headers: Object.assign(
        { Authorization: 'Basic ' + auth, 'X-Experience-API-Version': '1.0.3' },
        body ? { 'Content-Type': 'application/json' } : {}
      ),
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (!r.ok) throw new Error(method + ' ' + path + ': ' + r.status);
      return r.status === 204 ? null : r.json();
    });
  }
  function statement(verb, extra) {
    var s = {
      actor: actor,
      verb: { id: verb.indexOf('http') === 0 ? verb : 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'vi-VN': verb } },
      object: { id: activityId, objectType: 'Activity' },
      context: {
        registration: registration,
        contextActivities: { category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
        extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sessionId }
      },
      timestamp: new Date().toISOString()
    };
    for (var k in extra) s[k] = extra[k];
    return s;
  }
  function send(verb, extra, keepalive) {
    return xapi('POST', 'statements', statement(verb, extra || {}), keepalive);
  }

  function show(n) {
    page = n;
    seen[n] = true;
    pages.forEach(function (s) { s.hidden = Number(s.getAttribute('data-trang')) !== n; });
    document.getElementById('truoc').disabled = n === 1;
    document.getElementById('sau').disabled = n === pages.length;
    if (!completed && Object.keys(seen).length === pages.length && sessionId) {
      completed = true;
      send('completed', { result: { completion: true } }).catch(report);
    }
  }
  function report(error) { status.textContent = 'Không ghi nhận được kết quả: ' + error.message; }

  fetch(q.get('fetch'), { method: 'POST' })
    .then(function (r) { return r.json(); })
    .then(function (answer) {
      if (!answer['auth-token']) throw new Error('fetch ' + answer['error-code']);
      auth = answer['auth-token'];
      var state = new URLSearchParams({ activityId: activityId, agent: JSON.stringify(actor), registration: registration, stateId: 'LMS.LaunchData' });
      return xapi('GET', 'activities/state?' + state.toString());
    })
    .then(function (launchData) {
      sessionId = launchData.contextTemplate.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'];
      if (typeof launchData.masteryScore === 'number') mastery = launchData.masteryScore;
      return send('initialized');
    })
    .then(function () {
      status.textContent = 'Đã kết nối. Trang ' + page + '/' + pages.length + '.';
      show(page);
    })
    .catch(report);

  document.getElementById('truoc').addEventListener('click', function () { show(page - 1); status.textContent = 'Trang ' + page + '/' + pages.length + '.'; });
  document.getElementById('sau').addEventListener('click', function () { show(page + 1); status.textContent = 'Trang ' + page + '/' + pages.length + '.'; });
  document.getElementById('cau-hoi').addEventListener('submit', function (event) {
    event.preventDefault();
    var scaled = event.target.c1.value === 'b' ? 1 : 0;
    var ok = scaled >= mastery;
    var result = document.getElementById('ket-qua');
    if (passed) { result.textContent = 'Bạn đã đạt bài này.'; return; }
    result.textContent = ok ? 'Đúng. Đạt.' : 'Chưa đúng, hãy thử lại.';
    if (ok) passed = true;
    send(ok ? 'passed' : 'failed', { result: { success: ok, score: { scaled: scaled } } }).catch(report);
  });
  window.addEventListener('pagehide', function () {
    if (ended || !sessionId) return;
    ended = true;
    send('terminated', {}, true).catch(function () {});
  });
})();

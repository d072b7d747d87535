// Live boot events: server-sent events from /events/stream, each one a rendered table row,
// put on top of the table as it arrives.
(function () {
  "use strict";
  var MAX_ROWS = 500;
  var body = document.getElementById("event-rows");
  var state = document.getElementById("live-state");
  if (!body || !window.EventSource) { return; }

  function connect() {
    var source = new EventSource(body.getAttribute("data-stream"));
    source.onmessage = function (e) {
      // The first message says the server is now listening for this page.
      if (e.data === "<!-- listening -->") {
        state.textContent = "live";
        state.classList.add("on");
        return;
      }
      var empty = document.getElementById("no-events");
      if (empty) { empty.remove(); }
      body.insertAdjacentHTML("afterbegin", e.data);
      while (body.rows.length > MAX_ROWS) { body.deleteRow(body.rows.length - 1); }
    };
    source.onerror = function () {
      state.textContent = "reconnecting…";
      state.classList.remove("on");
    };
  }
  connect();
})();

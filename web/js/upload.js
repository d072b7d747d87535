// Image upload with a progress bar: the file is the request body of an XHR POST to /images,
// with the session's CSRF token in a header.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var fileInput = document.getElementById("upload-file");
  var pathInput = document.getElementById("upload-path");
  var overwrite = document.getElementById("upload-overwrite");
  var progress = document.getElementById("upload-progress");
  var bar = document.getElementById("upload-bar");
  var text = document.getElementById("upload-text");
  var result = document.getElementById("upload-result");

  function show(message, ok) {
    result.textContent = message;
    result.className = "small alert " + (ok ? "ok" : "bad");
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var file = fileInput.files[0];
    if (!file) { return; }
    var path = pathInput.value.trim() || file.name;
    var url = "/library?path=" + encodeURIComponent(path) + (overwrite.checked ? "&overwrite=true" : "");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("X-CSRF-Token", window.bootkeeperCsrf());
    progress.classList.remove("hidden");
    result.textContent = "";
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable) {
        var pct = Math.round(ev.loaded * 100 / ev.total);
        bar.style.width = pct + "%";
        text.textContent = pct + " %";
      }
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = {}; }
      if (xhr.status === 200) {
        bar.style.width = "100%";
        text.textContent = "done";
        show(body.message || "Uploaded.", true);
        window.setTimeout(function () { window.location.reload(); }, 1200);
      } else {
        show(body.error || ("Upload failed: HTTP " + xhr.status), false);
      }
    };
    xhr.onerror = function () { show("Upload failed: the connection was lost.", false); };
    xhr.send(file);
  });
})();

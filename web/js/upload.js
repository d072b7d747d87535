// Image upload with a progress bar: the file is the request body of an XHR POST to /library,
// with the session's CSRF token in a header. A file over the server's limit is refused here,
// before a byte is sent; an upload in progress can be cancelled (the server drops what it got).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var fileInput = document.getElementById("upload-file");
  var pathInput = document.getElementById("upload-path");
  var overwrite = document.getElementById("upload-overwrite");
  var start = document.getElementById("upload-start");
  var cancel = document.getElementById("upload-cancel");
  var progress = document.getElementById("upload-progress");
  var bar = document.getElementById("upload-bar");
  var text = document.getElementById("upload-text");
  var result = document.getElementById("upload-result");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var xhr = null;

  function show(message, ok) {
    result.textContent = message;
    result.className = "small alert " + (ok ? "ok" : "bad");
  }

  function busy(on) {
    start.disabled = on;
    fileInput.disabled = on;
    cancel.classList.toggle("hidden", !on);
    if (!on) { xhr = null; }
  }

  function human(n) {
    var units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  }

  // Said as soon as the file is picked, so nobody waits for a transfer that cannot succeed.
  function tooLarge(file) {
    return maxBytes > 0 && file.size > maxBytes;
  }
  fileInput.addEventListener("change", function () {
    var file = fileInput.files[0];
    result.textContent = "";
    result.className = "small";
    if (file && tooLarge(file)) {
      show(file.name + " is " + human(file.size) + ", larger than the limit of " +
          form.getAttribute("data-max") + ". It was not sent.", false);
    }
  });

  cancel.addEventListener("click", function () {
    if (xhr) { xhr.abort(); }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var file = fileInput.files[0];
    if (!file || xhr) { return; }
    if (tooLarge(file)) {
      show(file.name + " is " + human(file.size) + ", larger than the limit of " +
          form.getAttribute("data-max") + ". It was not sent.", false);
      return;
    }
    var path = pathInput.value.trim() || file.name;
    var url = "/library?path=" + encodeURIComponent(path) + (overwrite.checked ? "&overwrite=true" : "");
    xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("X-CSRF-Token", window.bootkeeperCsrf());
    progress.classList.remove("hidden");
    bar.style.width = "0";
    text.textContent = "0 %";
    result.textContent = "";
    result.className = "small";
    busy(true);
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable) {
        var pct = Math.floor(ev.loaded * 100 / ev.total);
        bar.style.width = pct + "%";
        text.textContent = pct + " % of " + human(ev.total);
      }
    };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = {}; }
      var status = xhr.status;
      busy(false);
      if (status === 200) {
        bar.style.width = "100%";
        text.textContent = "done";
        show(body.message || "Uploaded.", true);
        window.setTimeout(function () { window.location.reload(); }, 1200);
      } else {
        show(body.error || ("Upload failed: HTTP " + status), false);
      }
    };
    xhr.onabort = function () {
      busy(false);
      progress.classList.add("hidden");
      show("Upload cancelled: nothing was written.", false);
    };
    xhr.onerror = function () {
      busy(false);
      show("Upload failed: the connection was lost.", false);
    };
    xhr.send(file);
  });
})();

// Dashboard behaviour shared by every page. Kept out of the templates: Qute reads braces as its own.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  window.bootkeeperCsrf = csrfToken;

  // Every htmx request carries the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  document.addEventListener("click", function (e) {
    var t = e.target;
    // The top bar's menu button on narrow screens opens and closes the navigation.
    if (t.id === "menu-toggle") {
      var open = t.closest(".sidebar").classList.toggle("open");
      t.setAttribute("aria-expanded", open ? "true" : "false");
    }
    // Tabs: a button with data-tab shows the element of that id and hides its siblings.
    if (t.matches && t.matches("[data-tab]")) {
      var bar = t.closest("[data-tabs]");
      bar.querySelectorAll("[data-tab]").forEach(function (b) {
        b.classList.toggle("active", b === t);
        var pane = document.getElementById(b.getAttribute("data-tab"));
        if (pane) { pane.classList.toggle("hidden", b !== t); }
      });
    }
    // Buttons that change something irreversible ask first.
    if (t.matches && t.matches("[data-confirm]") && !window.confirm(t.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });

  // "Select all" checkboxes and the selection counter of the host list.
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("[data-select-all]")) {
      var name = t.getAttribute("data-select-all");
      t.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (c) {
        c.checked = t.checked;
      });
    }
    var counter = document.getElementById("selected-count");
    if (counter && t.form) {
      counter.textContent = t.form.querySelectorAll('input[type=checkbox][name="mac"]:checked').length;
    }
  });

  // After htmx replaces the preview, keep the tab the user was looking at.
  var activeTab = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var a = document.querySelector("#preview .tab.active");
    activeTab = a ? a.getAttribute("data-tab") : null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (activeTab) {
      var b = document.querySelector('#preview [data-tab="' + activeTab + '"]');
      if (b) { b.click(); }
    }
  });
})();

// "Go back" links: no javascript: URL, which the Content-Security-Policy forbids.
document.addEventListener("click", (e) => {
  const back = e.target.closest && e.target.closest("[data-history-back]");
  if (back && history.length > 1) {
    e.preventDefault();
    history.back();
  }
});

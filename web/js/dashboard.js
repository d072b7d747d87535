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

  // "Select all" checkboxes: tick or untick every row of the table.
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("[data-select-all]")) {
      var name = t.getAttribute("data-select-all");
      t.form.querySelectorAll('input[type=checkbox][name="' + name + '"]:not(:disabled)').forEach(function (c) {
        c.checked = t.checked;
      });
    }
  });

  // The host list's bulk bar. It is ready to fire only when hosts are selected, an action is
  // chosen and, for the actions that need one, a profile: the page always loads it neutral (the
  // form has autocomplete off, so a reload or "back" does not bring the last choice back).
  // Before it changes anything it asks, naming how many hosts; that count goes with the form, and
  // the server refuses if the hosts to change are no longer that many.
  var bulk = document.getElementById("bulk");
  if (bulk) {
    var all = document.getElementById("all-matching");
    var action = document.getElementById("bulk-action");
    var profile = document.getElementById("bulk-profile");
    var apply = document.getElementById("bulk-apply");
    var counter = document.getElementById("selected-count");
    var rows = function () { return bulk.querySelectorAll('input[type=checkbox][name="mac"]'); };
    var count = function () {
      if (all && all.checked) { return parseInt(bulk.getAttribute("data-total"), 10); }
      return bulk.querySelectorAll('input[type=checkbox][name="mac"]:checked').length;
    };
    var needsProfile = function () { return action.value === "profile" || action.value === "next-boot"; };
    var refresh = function () {
      var n = count();
      rows().forEach(function (c) {
        c.disabled = !!(all && all.checked);
        if (all && all.checked) { c.checked = true; }
      });
      counter.textContent = n;
      profile.classList.toggle("hidden", action.value === "clear-next-boot");
      var ready = n > 0 && action.value !== "" && (!needsProfile() || profile.value !== "");
      apply.disabled = !ready;
      apply.textContent = n > 0 ? "Apply to " + n + (n === 1 ? " host" : " hosts") : "Apply";
      document.getElementById("bulkbar").classList.toggle("ready", ready);
    };
    bulk.addEventListener("change", function (e) {
      if (all && e.target === all && !all.checked) {
        rows().forEach(function (c) { c.checked = false; });
      }
      refresh();
    });
    bulk.addEventListener("submit", function (e) {
      var n = count();
      var what = action.options[action.selectedIndex].text;
      var question = what + (needsProfile() ? " '" + profile.value + "'" : "") + " for " + n +
          (n === 1 ? " host" : " hosts") + (all && all.checked ? ", every host matching the filter" : "") + "?";
      if (!window.confirm(question)) {
        e.preventDefault();
        return;
      }
      document.getElementById("bulk-expected").value = String(n);
    });
    // Chromium restores form state on "back" even with autocomplete off on some versions.
    window.addEventListener("pageshow", function () { bulk.reset(); refresh(); });
    refresh();
  }

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

// Progressive enhancements only: every page works without JavaScript.
(function () {
  "use strict";

  // Mobile menu toggle.
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
  }

  // FAQ deep links: open the answer named in the address and move focus to it.
  function openFromHash() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      var summary = target.querySelector("summary");
      if (summary) summary.focus();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();

  // Move focus to the error summary so screen-reader users hear what to fix.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();

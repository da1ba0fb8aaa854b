// Report steps: progressive enhancement only (every page works without it).
// GOV.UK error summary: move the focus to it when the page shows errors, and make each of its
// links put the focus in the field it names (a fragment link alone only scrolls).
(function () {
  "use strict";
  document.documentElement.classList.add("wg-js");
  function ready() {
    var summary = document.querySelector("[data-module='error-summary']");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var box = input.closest(".wg-question") || input;
      box.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

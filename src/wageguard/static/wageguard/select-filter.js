// A text box above each <select data-filter="…"> that narrows its options as one types (issue
// 14: 移交 among some 200 divisions). Progressive enhancement: without this script the select
// works as it is; with it, the select is still what the form posts. No inline script (CSP).
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").replace(/\s+/g, "").toLowerCase();
  }

  function enhance(select) {
    if (select.dataset.filterReady) return;
    select.dataset.filterReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.dataset.filter;
    box.setAttribute("aria-label", select.dataset.filter);
    box.setAttribute("aria-controls", select.id);
    box.autocomplete = "off";
    box.dataset.filterFor = select.id;
    select.parentNode.insertBefore(box, select);

    box.addEventListener("input", function () {
      var query = normalise(box.value);
      var shown = [];
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !option.value || !query || normalise(option.text).indexOf(query) !== -1;
        option.hidden = !match;
        if (match && option.value) shown.push(option);
      });
      // One division left: choose it, so typing its name is enough.
      if (query && shown.length === 1) select.value = shown[0].value;
      else if (select.selectedOptions.length && select.selectedOptions[0].hidden) select.value = "";
    });
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(
      (root || document).querySelectorAll("select[data-filter]"),
      enhance
    );
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();

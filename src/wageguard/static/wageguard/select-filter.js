// Two enhancements of a select (issue 14), no inline script (CSP):
// - <select data-filter="…">: a text box above it narrows its options as one types (移交 among
//   some 200 divisions). Without this script the select works as it is and is what is posted.
// - <select data-insert-into="id">: choosing an option inserts its value (a reply template's
//   text) into the text area `id`, appended after what is already typed; the select itself is
//   not posted (it has no name).
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

  function insertChosen(event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-insert-into]") || !select.value) return;
    var target = document.getElementById(select.dataset.insertInto);
    if (!target) return;
    var typed = target.value.replace(/\s+$/, "");
    target.value = typed ? typed + "\n" + select.value : select.value;
    select.value = "";
    target.focus();
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(
      (root || document).querySelectorAll("select[data-filter]"),
      enhance
    );
  }

  document.addEventListener("change", insertChosen);

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();

// A "select all" box: <input type="checkbox" data-check-all="NAME"> ticks or unticks every
// checkbox named NAME (the inbox's rows for bulk assignment). A static file, not an inline
// onclick, so the page keeps to the Content Security Policy.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[data-check-all]")) return;
  document.querySelectorAll('input[name="' + box.dataset.checkAll + '"]').forEach(function (c) {
    c.checked = box.checked;
  });
});

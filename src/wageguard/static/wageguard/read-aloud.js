// 朗读本页: reads the page's main content aloud in Chinese where the browser can speak.
// Progressive enhancement: the button stays hidden (and the page complete) without this script
// or without window.speechSynthesis. A static file, so the CSP needs no inline script.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;

  function textOf(root) {
    // What a sighted reader sees: not the button itself, hidden parts, or form controls' values.
    var clone = root.cloneNode(true);
    clone.querySelectorAll("[data-read-aloud], [hidden], [aria-hidden=true], script, style, input, select, textarea")
      .forEach(function (node) { node.remove(); });
    return (clone.innerText || clone.textContent || "").replace(/\s+/g, " ").trim();
  }

  document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
    var target = document.querySelector(button.getAttribute("data-read-aloud")) || document.querySelector("main");
    if (!target) {
      return;
    }
    var readLabel = button.textContent;
    var stopLabel = button.getAttribute("data-label-stop") || readLabel;
    function reset() {
      button.textContent = readLabel;
      button.setAttribute("aria-pressed", "false");
    }
    button.hidden = false;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        reset();
        return;
      }
      var utterance = new window.SpeechSynthesisUtterance(textOf(target));
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      utterance.onend = reset;
      utterance.onerror = reset;
      button.textContent = stopLabel;
      button.setAttribute("aria-pressed", "true");
      synth.speak(utterance);
    });
  });
})();

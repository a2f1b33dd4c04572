// Tutor Console page behaviour. No inline script anywhere: the Content Security Policy forbids it.
(function () {
  "use strict";
  function speak(text) {
    if (!("speechSynthesis" in window)) { return; }
    window.speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "en-GB";
    window.speechSynthesis.speak(utterance);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-read-aloud]");
    if (!button) { return; }
    var bubble = button.closest(".bubble");
    var text = bubble && bubble.querySelector(".reply-text");
    if (text) { speak(text.textContent); }
  });
})();

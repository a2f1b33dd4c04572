// Tutor Console page behaviour. No inline script anywhere: the Content Security Policy forbids it.
(function () {
  "use strict";

  // --- Read aloud ------------------------------------------------------------------------------
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

  // --- The pupil's chat: announce new replies, keep focus in the form after sending --------------
  var lastAnnounced = null;
  function announce() {
    var live = document.getElementById("live-announcer");
    var source = document.querySelector("[data-announce]");
    if (!live || !source) { return; }
    var text = source.textContent.trim();
    if (text && text !== lastAnnounced) {
      lastAnnounced = text;
      live.textContent = text;
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.querySelector("[data-announce]");
    // What is on the page when it opens is not news.
    if (source) { lastAnnounced = source.textContent.trim(); }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    announce();
    var target = event.detail && event.detail.target;
    if (target && target.id === "chat") {
      var box = document.getElementById("id_text");
      if (box) { box.focus(); }
    }
  });

  // --- Review console keyboard shortcuts ---------------------------------------------------------
  function typing(element) {
    if (!element) { return false; }
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }
  function queueLinks() {
    return Array.prototype.slice.call(document.querySelectorAll(".queue-item .queue-link"));
  }
  function moveInQueue(step) {
    var links = queueLinks();
    if (!links.length) { return; }
    var index = links.indexOf(document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : links.length - 1)
      : Math.max(0, Math.min(links.length - 1, index + step));
    links.forEach(function (link) { link.closest(".queue-item").classList.remove("is-selected"); });
    links[next].closest(".queue-item").classList.add("is-selected");
    links[next].focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    if (key === "j" || key === "k") {
      if (!queueLinks().length) { return; }
      event.preventDefault();
      moveInQueue(key === "j" ? 1 : -1);
    } else if (key === "a") {
      var approve = document.getElementById("approve-button");
      if (approve) { event.preventDefault(); approve.click(); }
    } else if (key === "e" || key === "r") {
      var box = document.getElementById(key === "e" ? "id_edit_text" : "id_reason");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
})();

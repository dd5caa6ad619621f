// A form sent back with mistakes: move the keyboard to the first field that
// needs attention (the summary at the top lists them all, as links).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  var first = document.querySelector(
    ".has-error input:not([type=hidden]), .has-error textarea, .has-error select"
  );
  if (!first) {
    summary.setAttribute("tabindex", "-1");
    first = summary;
  }
  first.focus();
})();

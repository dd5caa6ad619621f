// Macros on the ticket page: the chosen macro's reply goes into the
// composer to be read and changed, and what else it will do is said above
// it until the agent sends (or says not to apply it). Without scripts the
// "Use" button asks the page for the same (?macro=<id>).
(function () {
  var select = document.getElementById("macro-select");
  var composer = document.getElementById("composer");
  var summary = document.getElementById("macro-summary");
  if (!select || !composer || !summary) { return; }
  var text = composer.querySelector("textarea[name=body]");
  var chosen = composer.querySelector("input[name=macro]");
  var words = summary.querySelector("[data-macro-words]");

  function use() {
    var option = select.selectedOptions[0];
    if (!option || !option.value) { return; }
    select.value = "";
    chosen.value = option.value;
    words.textContent = option.dataset.summary;
    summary.hidden = false;
    if (!option.dataset.body) { return; }
    if (text.composerInsert) { text.composerInsert(option.dataset.body, ""); }
    else { text.value += option.dataset.body; text.focus(); }
  }
  select.addEventListener("change", use);
  composer.querySelector("[data-macro-use]").addEventListener("click", function (event) {
    event.preventDefault();
    use();
  });
  summary.querySelector("[data-macro-clear]").addEventListener("click", function () {
    chosen.value = "";
    summary.hidden = true;
  });
})();

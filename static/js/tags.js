// Tag suggestions: as an agent types in a tag box, the tags that match fill
// its list (the browser's own autocomplete, keyboard and screen reader
// friendly). The last piece after a comma is what is looked up.
(function () {
  "use strict";
  function fill(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var value = input.value;
    var cut = value.lastIndexOf(",");
    var head = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
    var typed = value.slice(cut + 1).trim();
    var url = input.dataset.tagSuggest + "?q=" + encodeURIComponent(typed);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
      .then(function (data) {
        list.textContent = "";
        data.tags.forEach(function (tag) {
          var option = document.createElement("option");
          option.value = head + tag.name;
          list.appendChild(option);
        });
      })
      .catch(function () { /* suggestions are a help, never a need */ });
  }
  document.querySelectorAll("[data-tag-suggest]").forEach(function (input) {
    var timer = null;
    var go = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { fill(input); }, 150);
    };
    input.addEventListener("input", go);
    input.addEventListener("focus", go, { once: true });
  });
})();

// Custom fields follow the form: a field asked only for some categories is
// shown when one of them is chosen; a field shown only when another has a
// value is shown then. Hidden fields keep what was typed (the server
// ignores values of fields that do not apply). Without this script, every
// field is shown and the server decides.
(function () {
  "use strict";
  document.querySelectorAll("form").forEach(follow);
  // The ticket page's fields: the form is fetched when the agent opens it.
  document.querySelectorAll("details[data-fields-load]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      var slot = details.querySelector("[data-fields-slot]");
      if (!details.open || !slot || slot.querySelector("form")) { return; }
      fetch(details.dataset.fieldsLoad, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (!html) { return; }
          slot.innerHTML = html;
          var form = slot.querySelector("form");
          if (form) { follow(form); }
        })
        .catch(function () { /* the link to the fields' own page stays */ });
    });
  });
  function follow(form) {
  var wraps = Array.prototype.slice.call(form.querySelectorAll("[data-field-wrap]"));
  if (!wraps.length) { return; }
  var category = form.querySelector("select[name=category]");
  function valuesOf(wrap) {
    var found = [];
    wrap.querySelectorAll("input, select, textarea").forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio")) {
        if (input.checked) { found.push(input.type === "checkbox" && input.value === "on" ? "yes" : input.value); }
      } else if (input.value.trim()) {
        found.push(input.value.trim());
      }
    });
    return found;
  }
  function update() {
    var chosen = category ? category.value : "";
    var byId = {};
    wraps.forEach(function (wrap) { byId[wrap.dataset.fieldId] = wrap; });
    wraps.forEach(function (wrap) {
      var show = true;
      var categories = (wrap.dataset.categories || "").split(" ").filter(Boolean);
      if (categories.length && categories.indexOf(chosen) < 0) { show = false; }
      var other = wrap.dataset.shownWhen && byId[wrap.dataset.shownWhen];
      if (show && wrap.dataset.shownWhen) {
        var values = other && !other.hidden ? valuesOf(other) : [];
        var wanted = (wrap.dataset.shownValue || "").toLowerCase();
        show = wanted ? values.some(function (v) { return v.toLowerCase() === wanted; }) : values.length > 0;
      }
      wrap.hidden = !show;
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
  }
})();

// Keep what the customer types until we have it: every form marked
// data-draft="key" is saved in this browser as they type, restored after a
// failed submit, a reload or an error page, and forgotten only once a page
// marked data-draft-done="key" (the confirmation) shows we have it. A
// hidden input marked data-draft-keep is kept too (an editor's formatting).
(function () {
  "use strict";
  // The page's language, from /jsi18n/ (loaded first); as written without it.
  var gettext = window.gettext || function (text) { return text; };
  var PREFIX = "helpdesk-draft:";
  var store;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (error) {
    return; // private mode or storage off: the form still works, unsaved
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      var kept = el.tagName === "TEXTAREA" ||
        (el.tagName === "INPUT" && /^(text|email|search|tel|url)$/.test(el.type)) ||
        (el.type === "hidden" && el.hasAttribute("data-draft-keep"));
      return kept && el.name && el.name !== "website" && !el.closest(".hp");
    });
  }

  document.querySelectorAll("[data-draft-done]").forEach(function (el) {
    el.getAttribute("data-draft-done").split(" ").forEach(function (key) {
      store.removeItem(PREFIX + key);
    });
  });

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var saved = {};
    try { saved = JSON.parse(store.getItem(key) || "{}"); } catch (error) { saved = {}; }
    var restored = false;
    fields(form).forEach(function (el) {
      if (!el.value && saved[el.name]) { el.value = saved[el.name]; restored = true; }
    });
    if (restored) {
      var note = document.createElement("p");
      note.className = "help draft-restored";
      note.setAttribute("role", "status");
      note.textContent = gettext("We restored what you typed earlier in this browser.");
      form.insertBefore(note, form.firstChild);
    }
    function save() {
      var values = {};
      fields(form).forEach(function (el) { if (el.value) { values[el.name] = el.value; } });
      try { store.setItem(key, JSON.stringify(values)); } catch (error) { /* full */ }
    }
    form.addEventListener("input", save);
    form.addEventListener("submit", save);
  });
})();

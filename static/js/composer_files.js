// The composer's files: dropped on the composer, or pasted into the text
// (a screenshot), they join the file field's own choice, so the form sends
// them as if chosen. Without this script the file field alone works.
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  var composer = document.getElementById("composer");
  if (!composer || typeof DataTransfer === "undefined") { return; }
  var input = composer.querySelector("input[type=file][name=attachments]");
  var text = composer.querySelector("textarea[name=body]");
  if (!input) { return; }
  var status = document.createElement("p");
  status.className = "help";
  status.setAttribute("role", "status");
  input.insertAdjacentElement("afterend", status);

  function add(files) {
    var all = new DataTransfer();
    Array.prototype.forEach.call(input.files, function (file) { all.items.add(file); });
    Array.prototype.forEach.call(files, function (file, n) {
      var name = file.name && file.name !== "image.png" ? file.name
        : "screenshot-" + Date.now() + "-" + n + "." + (file.type.split("/")[1] || "png");
      all.items.add(new File([file], name, { type: file.type }));
    });
    input.files = all.files;
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    status.textContent = names.length
      ? interpolate(gettext("Files to send: %s"), [names.join(", ")])
      : "";
  }
  var interpolate = window.interpolate || function (format, values) {
    return format.replace("%s", values[0]);
  };

  composer.addEventListener("dragover", function (event) {
    if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
      event.preventDefault();
      composer.classList.add("dropping");
    }
  });
  composer.addEventListener("dragleave", function () { composer.classList.remove("dropping"); });
  composer.addEventListener("drop", function (event) {
    composer.classList.remove("dropping");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      event.preventDefault();
      add(event.dataTransfer.files);
    }
  });
  if (text) {
    text.addEventListener("paste", function (event) {
      var items = (event.clipboardData && event.clipboardData.files) || [];
      if (items.length) {  // a picture or a file: attached, the text untouched
        event.preventDefault();
        add(items);
      }
    });
  }
  input.addEventListener("change", function () { add([]); });
})();

// The time spent: a timer on the ticket page fills the minutes as it runs.
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  var button = document.querySelector("[data-timer]");
  var field = document.querySelector("input[name=time_spent]");
  if (!button || !field) { return; }
  button.hidden = false;
  var started = null;
  var ticking = null;
  function minutes() { return Math.max(1, Math.round((Date.now() - started) / 60000)); }
  button.addEventListener("click", function () {
    if (started === null) {
      started = Date.now() - (parseInt(field.value, 10) || 0) * 60000;
      button.textContent = gettext("Stop timer");
      ticking = window.setInterval(function () { field.value = minutes(); }, 15000);
      field.value = minutes();
    } else {
      window.clearInterval(ticking);
      field.value = minutes();
      started = null;
      button.textContent = gettext("Start timer");
    }
  });
})();

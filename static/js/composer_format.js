// Formatting in the composer (and in a canned response's text): a textarea
// marked data-formatted="<id of a hidden input>" becomes a Trix editor
// (static/vendor/trix) with bold, italic, links, headings, quotes, lists
// and pasted or dropped pictures. The editor writes its HTML to the hidden
// input (cleaned again on the server) and keeps the textarea, now hidden,
// holding the plain text, so the care checks, mentions, drafts and the
// form's own checks read what the agent wrote. A pasted picture joins the
// form's files and is shown in the text by its file name (cid:name); any
// other file dropped in the text joins the files. Without scripts, or
// without Trix, the textarea works as ever.
(function () {
  "use strict";
  if (!window.Trix || !window.customElements) { return; }
  var gettext = window.gettext || function (text) { return text; };
  var lang = window.Trix.config.lang;
  lang.attachFiles = gettext("Attach files");
  lang.bold = gettext("Bold");
  lang.bullets = gettext("Bullets");
  lang.code = gettext("Code");
  lang.heading1 = gettext("Heading");
  lang.indent = gettext("Increase level");
  lang.italic = gettext("Italic");
  lang.link = gettext("Link");
  lang.numbers = gettext("Numbers");
  lang.outdent = gettext("Decrease level");
  lang.quote = gettext("Quote");
  lang.redo = gettext("Redo");
  lang.remove = gettext("Remove");
  lang.strike = gettext("Strikethrough");
  lang.undo = gettext("Undo");
  lang.unlink = gettext("Unlink");
  lang.url = gettext("Web address");
  lang.urlPlaceholder = gettext("Type or paste a web address…");
  window.Trix.config.attachments.preview.caption = { name: false, size: false };
  var PICTURES = /^image\/(png|jpeg|gif|webp)$/;

  function escaped(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  document.querySelectorAll("textarea[data-formatted]").forEach(function (text, n) {
    var html = document.getElementById(text.getAttribute("data-formatted"));
    var form = text.form;
    if (!html || !form) { return; }
    var files = form.querySelector("input[type=file][name=attachments]");
    var pictures = {};  // the address Trix shows a picture by -> its file name
    // A picture kept only by a draft or a form sent back has no file now.
    if (/(cid|blob):/.test(html.value)) {
      var kept = document.createElement("div");
      kept.innerHTML = html.value;
      kept.querySelectorAll("figure, img").forEach(function (el) {
        var img = el.tagName === "IMG" ? el : el.querySelector("img");
        if (img && /^(cid|blob):/.test(img.getAttribute("src") || "")) { el.remove(); }
      });
      html.value = kept.innerHTML;
    }
    if (!html.value && text.value) {
      html.value = escaped(text.value).replace(/\n/g, "<br>");
    }
    var toolbar = document.createElement("trix-toolbar");
    toolbar.id = "trix-toolbar-" + n;
    var editor = document.createElement("trix-editor");
    editor.setAttribute("input", html.id);
    editor.setAttribute("toolbar", toolbar.id);
    editor.className = "trix-content formatted";
    var label = form.querySelector("label[for='" + text.id + "']");
    if (label) {
      label.id = label.id || text.id + "-label";
      editor.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function () { editor.focus(); });
    }
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (text.hasAttribute(name)) { editor.setAttribute(name, text.getAttribute(name)); }
    });
    text.insertAdjacentElement("beforebegin", toolbar);
    text.insertAdjacentElement("beforebegin", editor);
    text.hidden = true;
    // Whoever focuses or fills the text (shortcuts, canned responses, help
    // articles) reaches the editor.
    // Asked before the editor is ready (a shortcut pressed as the page
    // opens), it takes the focus again once it is.
    var ready = false, wanted = false;
    editor.addEventListener("trix-initialize", function () {
      ready = true;
      if (wanted && document.activeElement === document.body) { editor.focus(); }
    });
    text.focus = function () { wanted = !ready; editor.focus(); };
    text.composerInsert = function (plain, formatted) {
      editor.focus();
      if (formatted) { editor.editor.insertHTML(formatted); }
      else { editor.editor.insertString(plain); }
    };
    // On a line of its own, where the cursor is.
    text.composerInsertLine = function (formatted) {
      var e = editor.editor;
      editor.focus();
      var at = e.getSelectedRange()[0];
      if (at > 0 && e.getDocument().toString()[at - 1] !== "\n") { e.insertLineBreak(); }
      e.insertHTML(formatted);
      var next = e.getDocument().toString()[e.getSelectedRange()[1]];
      if (next !== undefined && next !== "\n") { e.insertLineBreak(); }
    };

    function withNames(value) {
      Object.keys(pictures).forEach(function (shown) {
        value = value.split(shown).join("cid:" + pictures[shown]);
      });
      return value;
    }
    function sync() {
      html.value = withNames(html.value);
      var now = editor.editor.getDocument().toString().replace(/\uFFFC/g, "").replace(/\s+$/, "");
      if (now !== text.value) {  // what listens to the text hears of a change only
        text.value = now;
        text.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    function join(file) {
      if (!files || typeof DataTransfer === "undefined") { return null; }
      var all = new DataTransfer();
      Array.prototype.forEach.call(files.files, function (f) { all.items.add(f); });
      all.items.add(file);
      files.files = all.files;
      files.dispatchEvent(new Event("change", { bubbles: true }));
      return file;
    }
    function leave(name) {
      if (!files || typeof DataTransfer === "undefined") { return; }
      var all = new DataTransfer();
      Array.prototype.forEach.call(files.files, function (f) { if (f.name !== name) { all.items.add(f); } });
      files.files = all.files;
      files.dispatchEvent(new Event("change", { bubbles: true }));
    }

    editor.addEventListener("trix-change", sync);
    editor.addEventListener("trix-file-accept", function (event) {
      if (!files || !PICTURES.test(event.file.type)) {
        // Not a picture (or no file field here): a file of the message, not of the text.
        event.preventDefault();
        if (files) { join(event.file); }
      }
    });
    editor.addEventListener("trix-attachment-add", function (event) {
      var attachment = event.attachment;
      var file = attachment.file;
      if (!file) { return; }
      var ext = (file.type.split("/")[1] || "png").replace("jpeg", "jpg");
      var name = "picture-" + Date.now().toString(36) + "-" + Object.keys(pictures).length + "." + ext;
      var shown = URL.createObjectURL(file);
      pictures[shown] = name;
      join(new File([file], name, { type: file.type }));
      attachment.setAttributes({ url: shown, filename: name });
    });
    editor.addEventListener("trix-attachment-remove", function (event) {
      var shown = event.attachment.getAttribute("url");
      if (pictures[shown]) { leave(pictures[shown]); delete pictures[shown]; }
    });
    form.addEventListener("submit", sync, true);
  });
})();

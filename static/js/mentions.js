// @name in an internal note: as the agent types "@" and the start of a
// name, the agents who match are offered below the text (arrow keys and
// Enter, or a click); the chosen one is written as @username. A reply
// mentions nobody, so nothing is offered there. In the composer's editor
// (composer_format.js) as in the plain text box.
(function () {
  "use strict";
  var composer = document.getElementById("composer");
  var text = composer && composer.querySelector("textarea[name=body]");
  if (!text || !composer.dataset.agentNames) { return; }
  var editor = composer.querySelector("trix-editor");
  var typed = editor || text;
  var list = document.createElement("ul");
  list.className = "mention-list";
  list.setAttribute("role", "listbox");
  list.id = "mention-list";
  list.hidden = true;
  text.insertAdjacentElement("afterend", list);
  var chosen = -1;
  var timer = null;

  function isNote() {
    var kind = composer.querySelector("input[name=kind]:checked");
    return kind && kind.value === "note";
  }
  function textBefore() {
    if (editor) {
      return editor.editor.getDocument().toString().slice(0, editor.editor.getSelectedRange()[0]);
    }
    return text.value.slice(0, text.selectionStart);
  }
  function typedName() {
    var before = textBefore();
    var found = /(^|[^\w@.])@([\w.+-]*)$/.exec(before);
    return found ? found[2] : null;
  }
  function close() { list.hidden = true; list.textContent = ""; chosen = -1; }
  function pick(username) {
    if (editor) {
      var end = editor.editor.getSelectedRange()[0];
      var start = end - /@[\w.+-]*$/.exec(textBefore())[0].length;
      editor.editor.setSelectedRange([start, end]);
      editor.editor.insertString("@" + username + " ");
      close();
      editor.focus();
      return;
    }
    var at = text.selectionStart;
    var before = text.value.slice(0, at).replace(/@[\w.+-]*$/, "@" + username + " ");
    text.value = before + text.value.slice(at);
    text.selectionStart = text.selectionEnd = before.length;
    text.dispatchEvent(new Event("input", { bubbles: true }));
    close();
    text.focus();
  }
  function mark(n) {
    var items = list.querySelectorAll("li");
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === n ? "true" : "false"); });
    chosen = n;
  }
  function offer() {
    var name = typedName();
    if (name === null || !isNote()) { close(); return; }
    fetch(composer.dataset.agentNames + "?q=" + encodeURIComponent(name), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { agents: [] }; })
      .then(function (data) {
        list.textContent = "";
        data.agents.forEach(function (agent) {
          var item = document.createElement("li");
          item.setAttribute("role", "option");
          item.textContent = agent.name + " (@" + agent.username + ")";
          item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(agent.username); });
          item.dataset.username = agent.username;
          list.appendChild(item);
        });
        list.hidden = !data.agents.length;
        if (data.agents.length) { mark(0); }
      })
      .catch(close);
  }
  text.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(offer, 120);
  });
  typed.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    var items = list.querySelectorAll("li");
    if (event.key === "ArrowDown") { event.preventDefault(); mark((chosen + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark((chosen - 1 + items.length) % items.length); }
    else if (event.key === "Enter" && chosen >= 0) {
      event.preventDefault();
      event.stopImmediatePropagation();  // the editor's own Enter stays out
      pick(items[chosen].dataset.username);
    }
    else if (event.key === "Escape") { close(); }
  }, true);  // before the editor's own keys
  typed.addEventListener("blur", function () { window.setTimeout(close, 150); });
})();

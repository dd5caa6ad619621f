// @name in an internal note: as the agent types "@" and the start of a
// name, the agents who match are offered below the text (arrow keys and
// Enter, or a click); the chosen one is written as @username. A reply
// mentions nobody, so nothing is offered there.
(function () {
  "use strict";
  var composer = document.getElementById("composer");
  var text = composer && composer.querySelector("textarea[name=body]");
  if (!text || !composer.dataset.agentNames) { return; }
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
  function typedName() {
    var before = text.value.slice(0, text.selectionStart);
    var found = /(^|[^\w@.])@([\w.+-]*)$/.exec(before);
    return found ? found[2] : null;
  }
  function close() { list.hidden = true; list.textContent = ""; chosen = -1; }
  function pick(username) {
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
  text.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    var items = list.querySelectorAll("li");
    if (event.key === "ArrowDown") { event.preventDefault(); mark((chosen + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark((chosen - 1 + items.length) % items.length); }
    else if (event.key === "Enter" && chosen >= 0) { event.preventDefault(); pick(items[chosen].dataset.username); }
    else if (event.key === "Escape") { close(); }
  });
  text.addEventListener("blur", function () { window.setTimeout(close, 150); });
})();

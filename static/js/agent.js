// Agent workspace: progressive enhancement only. Every action works without
// this file; it adds keyboard shortcuts, canned-response insertion, the care
// checks before sending, and the collision notices.
(function () {
  "use strict";
  // The page's language, from /jsi18n/ (loaded first); as written without it.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; });
  };

  const typingInField = (event) =>
    /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
  const csrf = () => (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";

  // --- The queue ------------------------------------------------------------
  let rows = Array.from(document.querySelectorAll("tr[data-ticket-url]"));
  // The live updates swap the rows in: keep moving through the new ones.
  document.addEventListener("live:updated", () => {
    rows = Array.from(document.querySelectorAll("tr[data-ticket-url]"));
  });
  if (document.querySelector("table.queue")) {
    sessionStorage.setItem("queue-order", JSON.stringify(rows.map((r) => r.dataset.ticketUrl)));
    let current = -1;
    const select = (index) => {
      if (index < 0 || index >= rows.length) return;
      rows.forEach((r) => r.classList.remove("selected"));
      current = index;
      rows[current].classList.add("selected");
      rows[current].scrollIntoView({ block: "nearest" });
    };
    document.addEventListener("keydown", (event) => {
      if (typingInField(event) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "j") select(current + 1);
      else if (event.key === "k") select(current - 1);
      else if (event.key === "Enter" && current >= 0) window.location = rows[current].dataset.ticketUrl;
      else if (event.key === "x" && current >= 0) {
        const box = rows[current].querySelector("input[type=checkbox]");
        box.checked = !box.checked;
      } else if (event.key === "/") {
        event.preventDefault();
        document.querySelector("input[name=q]").focus();
      }
    });
  }
  const all = document.querySelector("[data-select-all]");
  if (all) {
    all.addEventListener("change", () => {
      document.querySelectorAll("input[name=tickets]").forEach((box) => (box.checked = all.checked));
      showBulk();
    });
  }
  // The bulk bar only once something is selected, saying how many.
  const bulkBar = document.querySelector("[data-bulk-bar]");
  const showBulk = () => {
    if (!bulkBar) return;
    const count = document.querySelectorAll("input[name=tickets]:checked").length;
    bulkBar.hidden = count === 0;
    bulkBar.querySelector("[data-selected-count]").textContent = interpolate(
      ngettext("%(count)s selected:", "%(count)s selected:", count), { count: count }, true);
  };
  document.addEventListener("change", (event) => {
    if (event.target.name === "tickets") showBulk();
  });
  document.addEventListener("keyup", (event) => {
    if (event.key === "x") showBulk();
  });
  showBulk();

  // On a phone, folded at first: the queue's filters (unless in use), the
  // ticket's side panel (the conversation comes first).
  if (window.matchMedia("(max-width: 640px)").matches) {
    document.querySelectorAll("[data-fold-on-phone]").forEach((fold) => { fold.open = false; });
  }

  // --- One ticket -------------------------------------------------------------
  const page = document.querySelector(".ticket-page");
  if (!page) return;

  // The properties panel: each change saves itself, no reload (without
  // scripts, the Save button sends them all). Listened for on the document:
  // the live updates may swap the panel in anew.
  document.addEventListener("change", (event) => {
    const panel = event.target.closest && event.target.closest("[data-properties]");
    if (!panel || !event.target.name) return;
    // Said outside the parts the live poll redraws, so it stays to be read.
    const result = document.getElementById("panel-status");
    panel.dataset.busy = "1";
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf());
    data.append(event.target.name, event.target.value);
    result.textContent = gettext("Saving…");
    fetch(panel.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then((response) => response.json())
      .then((answer) => {
        delete panel.dataset.busy;
        result.textContent = answer.done.concat(answer.refused).join(" ");
        const status = panel.querySelector("select[name=status]");
        if (status && answer.statuses) {
          // The current status first, then where it may go from here.
          status.replaceChildren(...answer.statuses.map(([value, label], i) =>
            new Option(label, value, i === 0, i === 0)));
        }
        document.dispatchEvent(new CustomEvent("live:look"));
      })
      .catch(() => {
        delete panel.dataset.busy;
        result.textContent = gettext("Not saved: press Save to try again.");
      });
  });


  // In place: the panel's other forms (people in copy, incident, promises,
  // claim, follow) are sent without leaving the page; what comes back is the
  // ticket page, whose matching part replaces this one (with any mistake
  // marked and the words kept), and the live look brings the rest.
  document.addEventListener("submit", (event) => {
    const form = event.target.closest && event.target.closest("form[data-in-place]");
    if (!form || !window.fetch) return;
    event.preventDefault();
    const part = form.closest("section[id], header.ticket-head");
    if (part) part.dataset.busy = "1"; // the live poll leaves it while it saves
    let refused = false;
    fetch(form.action, {
      method: "POST", body: new FormData(form, event.submitter), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then((response) => { refused = !response.ok; return response.text(); })
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html");
        const selector = part && part.id ? "#" + part.id : ".ticket-head";
        const next = fresh.querySelector(selector);
        if (part && next) {
          part.replaceWith(next);
          if (refused) {
            // The mistake and the words typed stay until the agent sends
            // again: the live poll does not redraw this part meanwhile.
            next.dataset.busy = "1";
            const wrong = next.querySelector(".has-error input, .has-error select, .has-error textarea");
            if (wrong) wrong.focus();
          }
        }
        const said = fresh.querySelector(".flash, .form-errors");
        const status = document.getElementById("panel-status");
        if (status) status.textContent = said ? said.textContent.trim() : "";
        document.dispatchEvent(new CustomEvent("live:look"));
      })
      .catch(() => form.submit());
  });

  // The conversation first: the history's lines fold behind "Show details".
  const conversation = document.querySelector(".conversation");
  const toggle = document.querySelector("[data-details-toggle]");
  if (conversation && toggle) {
    const label = () => {
      const count = conversation.querySelectorAll("li.event").length;
      const folded = conversation.classList.contains("folded");
      toggle.textContent = folded
        ? interpolate(gettext("Show details (%(count)s)"), { count: count }, true)
        : gettext("Hide details");
      toggle.setAttribute("aria-expanded", String(!folded));
      toggle.hidden = count === 0;
    };
    conversation.classList.add("folded");
    toggle.addEventListener("click", () => {
      conversation.classList.toggle("folded");
      label();
    });
    document.addEventListener("live:updated", label);
    label();
  }

  // The customer card: their other tickets and last rating, fetched apart so
  // the page itself stays quick; without scripts, "All their tickets" links.
  const card = document.querySelector("[data-customer-card]");
  if (card) {
    fetch(card.dataset.customerCard, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => { card.innerHTML = html; })
      .catch(() => {});
  }
  const composer = document.getElementById("composer");
  const body = composer.querySelector("textarea[name=body]");
  const kindRadios = composer.querySelectorAll("input[name=kind]");
  const kind = () => (composer.querySelector("input[name=kind]:checked") || {}).value;
  const send = composer.querySelector("[data-send]");
  const then = composer.querySelector("select[name=new_status]");
  const showKind = () => {
    const note = kind() === "note";
    composer.classList.toggle("is-note", note);
    // What the button will do: "Send", "Add note", "Send and set Resolved".
    const status = then && then.value ? then.options[then.selectedIndex].text : "";
    const act = note ? gettext("Add note") : gettext("Send");
    send.textContent = status ? interpolate(gettext("%(act)s and set %(status)s"), { act: act, status: status }, true) : act;
  };
  if (then) then.addEventListener("change", showKind);
  kindRadios.forEach((radio) => radio.addEventListener("change", showKind));
  showKind();

  const startWriting = (value) => {
    composer.querySelector(`input[name=kind][value=${value}]`).checked = true;
    showKind();
    body.focus();
  };
  document.addEventListener("keydown", (event) => {
    if (typingInField(event) || event.metaKey || event.ctrlKey || event.altKey) return;
    const order = JSON.parse(sessionStorage.getItem("queue-order") || "[]");
    const here = order.indexOf(window.location.pathname);
    if (event.key === "r") { event.preventDefault(); startWriting("reply"); }
    else if (event.key === "n") { event.preventDefault(); startWriting("note"); }
    else if (event.key === "j" && here >= 0 && here + 1 < order.length) window.location = order[here + 1];
    else if (event.key === "k" && here > 0) window.location = order[here - 1];
  });

  // Canned responses: insert the chosen text where the cursor is.
  const cannedSelect = document.getElementById("canned-select");
  const insertCanned = () => {
    const option = cannedSelect.selectedOptions[0];
    if (!option || !option.dataset.body) return;
    cannedSelect.value = "";
    // The editor (composer_format.js) takes it formatted where it has it.
    if (body.composerInsert) return body.composerInsert(option.dataset.body, option.dataset.html);
    const start = body.selectionStart, end = body.selectionEnd;
    body.value = body.value.slice(0, start) + option.dataset.body + body.value.slice(end);
    body.focus();
  };
  document.querySelectorAll("[data-insert]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      if (body.composerInsertLine) {
        const title = document.createElement("span");
        title.textContent = link.dataset.insert.slice(0, -link.dataset.url.length - 2) + ": ";
        const url = document.createElement("a");
        url.href = url.textContent = link.dataset.url;
        return body.composerInsertLine(title.innerHTML + url.outerHTML);
      }
      // A titled link on a line of its own, where the cursor is.
      const start = body.selectionStart, end = body.selectionEnd;
      const before = body.value.slice(0, start), after = body.value.slice(end);
      const line = (before && !before.endsWith("\n") ? "\n" : "") + link.dataset.insert +
        (after && !after.startsWith("\n") ? "\n" : "");
      body.value = before + line + after;
      body.selectionStart = body.selectionEnd = before.length + line.length;
      body.focus();
    });
  });
  if (cannedSelect) {
    cannedSelect.addEventListener("change", insertCanned);
    document.querySelector("[data-canned-insert]").addEventListener("click", (event) => {
      event.preventDefault();
      insertCanned();
    });
  }

  // Care checks: warnings before sending, never a block (a second click sends).
  const warning = document.getElementById("care-warning");
  let warnedFor = null;
  const mostlyCapitals = (text) => {
    const letters = text.replace(/[^A-Za-zÀ-ÿ]/g, "");
    const capitals = letters.replace(/[^A-ZÀ-Þ]/g, "");
    return letters.length >= 12 && capitals.length / letters.length > 0.6;
  };
  const careProblems = () => {
    const problems = [];
    const status = composer.querySelector("[name=new_status]");
    const resolving = status && status.value === "resolved";
    if (resolving && kind() === "note" && composer.dataset.answered !== "1") {
      problems.push(gettext("The customer has had no answer on this ticket yet: resolving it with an internal note leaves them without one."));
    }
    if (kind() !== "reply") return problems;
    const unticked = composer.querySelectorAll("input.question:not(:checked)").length;
    if (unticked) {
      problems.push(interpolate(ngettext(
        "%(count)s of the customer's questions is not ticked as answered.",
        "%(count)s of the customer's questions are not ticked as answered.",
        unticked), { count: unticked }, true));
    }
    if (mostlyCapitals(body.value)) problems.push(gettext("Your reply is mostly in capital letters, which reads as shouting."));
    return problems;
  };
  body.addEventListener("input", () => {
    warnedFor = null;
    if (mostlyCapitals(body.value) && kind() === "reply") {
      warning.textContent = gettext("Your reply is mostly in capital letters, which reads as shouting.");
      warning.hidden = false;
    } else if (!warning.dataset.sticky) warning.hidden = true;
  });
  composer.addEventListener("submit", (event) => {
    const problems = careProblems();
    const key = body.value + "|" + problems.join();
    if (problems.length && warnedFor !== key) {
      event.preventDefault();
      warnedFor = key;
      warning.textContent = problems.join(" ") + " " + gettext("Click Send again to send it anyway.");
      warning.hidden = false;
      composer.querySelector("[data-send]").textContent = gettext("Send anyway");
    }
  });

  // Presence: who else is here, who is typing, and has the customer written?
  let lastTyped = 0;
  body.addEventListener("input", () => (lastTyped = Date.now()));
  const presence = document.getElementById("presence");
  const newMessage = document.getElementById("new-message");
  const seen = parseInt(page.dataset.latestMessage || "0", 10);
  const report = () => {
    const data = new URLSearchParams({ typing: Date.now() - lastTyped < 10000 ? "1" : "0" });
    fetch(page.dataset.presenceUrl, {
      method: "POST", body: data, headers: { "X-CSRFToken": csrf() }, credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (!state) return;
        const others = state.others.map((o) => interpolate(
          o.typing ? gettext("%(name)s is typing a reply") : gettext("%(name)s is viewing this ticket"),
          { name: o.name }, true));
        presence.textContent = others.join("; ");
        presence.hidden = others.length === 0;
        newMessage.hidden = !(state.latest_customer_message > seen);
      })
      .catch(() => {});
  };
  report();
  setInterval(report, 5000);
})();

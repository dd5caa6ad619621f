// The follow-up's one-click links: the choice in the link is saved as soon
// as the page opens (a mail scanner that fetches the link runs no script and
// records nothing). The form stays for a comment, or to change the choice.
(function () {
  "use strict";
  // The page's language, from /jsi18n/ (loaded first); as written without it.
  var gettext = window.gettext || function (text) { return text; };
  var form = document.querySelector("form[data-autosave]");
  var status = document.querySelector("[data-rate-status]");
  if (!form || !status || !window.fetch) {
    return;
  }
  var data = new FormData();
  data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
  var score = form.querySelector("input[name=score]:checked");
  if (score) {
    data.append("score", score.value);
  }
  status.textContent = status.getAttribute("data-pending");
  fetch(window.location.pathname, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: { "X-Requested-With": "fetch" }
  }).then(function (response) {
    if (!response.ok) {
      throw new Error(response.status);
    }
    status.textContent = status.getAttribute("data-done");
    status.setAttribute("data-saved", "");
    form.removeAttribute("data-autosave");
  }).catch(function () {
    status.textContent = gettext("We could not save it just now: please press the button below.");
  });
})();

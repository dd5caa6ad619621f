// The article editor: the body as customers will read it, beside the text,
// refreshed a moment after typing stops (the server renders and cleans it,
// as it will when saved). Without scripts, the Preview button does this.
(function () {
  "use strict";
  const form = document.querySelector("form[data-preview-url]");
  const shown = document.querySelector("[data-preview]");
  if (!form || !shown || !window.fetch) return;
  const body = form.querySelector("textarea[name=body]");
  const button = form.querySelector("[data-preview-button]");
  if (button) button.hidden = true;
  let timer = null;
  const refresh = () => {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    data.append("body", body.value);
    fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => { shown.innerHTML = html; })
      .catch(() => {});
  };
  body.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
})();

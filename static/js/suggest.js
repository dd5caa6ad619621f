// Ticket form: suggest help articles while the customer types the subject.
// Debounced, no page reload; the form works the same without it.
(function () {
  "use strict";
  // The page's language, from /jsi18n/ (loaded first); as written without it.
  var gettext = window.gettext || function (text) { return text; };
  const box = document.getElementById("suggestions");
  const subject = document.querySelector("input[name=subject]");
  const category = document.querySelector("select[name=category]");
  if (!box || !subject) return;
  let timer = null;
  let last = "";
  const show = (articles) => {
    box.textContent = "";
    if (!articles.length) { box.hidden = true; return; }
    const title = document.createElement("p");
    title.textContent = gettext("These articles may answer your question:");
    box.appendChild(title);
    const list = document.createElement("ul");
    articles.forEach((article) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = article.url;
      link.textContent = article.title;
      link.target = "_blank";
      item.appendChild(link);
      if (article.summary) {
        const summary = document.createElement("span");
        summary.className = "help";
        summary.textContent = " " + article.summary;
        item.appendChild(summary);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    box.hidden = false;
  };
  const lookUp = () => {
    const query = subject.value.trim();
    if (query === last) return;
    last = query;
    if (query.length < 3) { show([]); return; }
    // The help category of the ticket category chosen, if any: its articles first.
    const chosen = category && category.selectedOptions[0];
    const kb = chosen && chosen.dataset.kb ? `&category=${chosen.dataset.kb}` : "";
    fetch(`${box.dataset.suggestUrl}?q=${encodeURIComponent(query)}${kb}`, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { articles: [] }))
      .then((data) => { if (subject.value.trim() === query) show(data.articles); })
      .catch(() => {});
  };
  subject.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 300);
  });
  if (category) {
    category.addEventListener("change", () => { last = ""; lookUp(); });
  }
})();

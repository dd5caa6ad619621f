// Live without reloading: an open queue or ticket asks every few seconds
// whether anything changed since it was drawn (one indexed query), and when
// something did, fetches the page again and swaps in the parts that show it:
// the views' counts and the rows of a queue, the head and the conversation
// of a ticket. Never the composer, never under a selection being made.
(function () {
  "use strict";
  const root = document.querySelector("[data-live]");
  if (!root || !window.fetch) return;
  const ticket = root.dataset.liveTicket || "";
  // A ticket's head, conversation and properties panel are drawn from the
  // same reading, so they never disagree.
  const parts = ticket
    ? [".ticket-head", "ol.timeline", "#panel-properties", "#panel-cc",
       "#panel-incident", "#panel-promises", "#panel-following"]
    : ["nav.views", "table.queue tbody"];
  const seconds = Number(root.dataset.liveSeconds) || 15;
  let since = root.dataset.liveSince;

  const selecting = () =>
    !ticket && document.querySelector("input[name=tickets]:checked") !== null;

  const swap = () =>
    fetch(window.location.href, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html");
        parts.forEach((selector) => {
          const now = document.querySelector(selector);
          const next = fresh.querySelector(selector);
          // Never under the agent's hands: a part they are typing in, or one
          // whose change is still being saved, waits for the next look.
          const busy = now && (now.contains(document.activeElement) ||
            now.matches("[data-busy]") || now.querySelector("[data-busy]"));
          if (now && next && !busy) now.replaceWith(next);
        });
        document.dispatchEvent(new CustomEvent("live:updated"));
      });

  // The bell's count in the header, from the same look.
  const bell = (count) => {
    const badge = document.querySelector("[data-bell-count]");
    if (!badge || typeof count !== "number") return;
    badge.firstChild.nodeValue = count >= 100 ? "99+" : String(count);
    badge.hidden = count === 0;
    badge.closest("[data-bell]").classList.toggle("bell-unread", count > 0);
  };

  const look = () => {
    if (document.hidden || selecting()) return;
    const url = root.dataset.live + "?since=" + encodeURIComponent(since) +
      (ticket ? "&ticket=" + ticket : "");
    fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((answer) => {
        bell(answer.alerts);
        if (!answer.changed) {
          since = answer.now;
          return null;
        }
        return swap().then(() => { since = answer.now; });
      })
      .catch(() => {}); // offline or signed out: the next look tries again
  };
  window.setInterval(look, seconds * 1000);
  document.addEventListener("live:look", look); // something was just changed here
})();

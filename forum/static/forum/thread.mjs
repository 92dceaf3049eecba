// "More replies" without leaving the page. Without this file the link opens the next page of
// the discussion; with it, the next page's replies are fetched and added below these, the
// link moves on to the page after, and the focus goes to the first reply added (a screen
// reader reads on from there). Any failure falls back to following the link.
import { enhanceWithin } from "./mentions.mjs";

const list = document.querySelector("[data-replies]");

async function loadMore(event) {
  const link = event.target.closest("[data-more-replies] a");
  if (!link || !list) return;
  event.preventDefault();
  link.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) throw new Error(response.statusText);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const replies = Array.from(page.querySelector("[data-replies]")?.children || []);
    const next = page.querySelector("[data-more-replies]");
    const added = replies.map((reply) => document.adoptNode(reply));
    list.append(...added);
    added.forEach(enhanceWithin);
    const more = link.closest("[data-more-replies]");
    if (next) more.replaceWith(document.adoptNode(next));
    else more.remove();
    if (added.length) {
      added[0].setAttribute("tabindex", "-1");
      added[0].focus();
    }
  } catch {
    window.location.assign(link.href);
  }
}

document.addEventListener("click", loadMore);

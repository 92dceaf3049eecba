// Suggestions of people to @mention while writing a post. Without this file the textarea
// is a plain textarea; with it, typing @ and a few letters lists the people who may read
// the discussion (from the form's data-mentions-url) with the first one active, the up and
// down arrows move through them, Enter or Tab inserts the active one's "@handle ", Escape closes the list, and a live region says how
// many there are. The same list as the site search's combobox (site/static/js/suggestions.mjs);
// the textarea keeps its own role (a multi-line text box), and points at the list with
// aria-controls and aria-activedescendant.
import { latestJSON, suggestionList } from "../js/suggestions.mjs";

const DEBOUNCE_MS = 150;
// Keys that move the caret away from the handle being typed close the list.
const CARET_KEYS = ["ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", "Tab"];
// "@" at the start or after a space or punctuation (not inside an e-mail address), then
// the letters typed so far, right before the caret.
const TRIGGER = /(?:^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}._-]{1,50})$/u;

function enhance(textarea, url) {
  const wrapper = document.createElement("div");
  wrapper.className = "wm-mentions";
  textarea.before(wrapper);
  wrapper.append(textarea);
  textarea.setAttribute("aria-haspopup", "listbox");

  const fetchJSON = latestJSON();
  let timer = null;

  function typed() {
    if (textarea.selectionStart !== textarea.selectionEnd) return null;
    const match = textarea.value.slice(0, textarea.selectionStart).match(TRIGGER);
    return match ? match[1] : null;
  }

  const suggestions = suggestionList(textarea, {
    id: `${textarea.id}-mentions`,
    label: "People to mention",
    className: "wm-autocomplete__list wm-mentions__list",
    container: wrapper,
    onChoose: choose,
    activateFirst: true,
  });

  function choose(option) {
    const end = textarea.selectionStart;
    const partial = typed();
    if (partial === null) return suggestions.close();
    const start = end - partial.length - 1;
    const mention = `@${option.dataset.handle}`;
    // One space after the handle, and the caret after it (reusing a space already there).
    const spaceFollows = /^\s/.test(textarea.value.slice(end));
    textarea.setRangeText(spaceFollows ? mention : `${mention} `, start, end, "end");
    const caret = start + mention.length + 1;
    textarea.setSelectionRange(caret, caret);
    suggestions.close();
    suggestions.announce(`${option.dataset.name} mentioned.`);
    textarea.focus();
  }

  function span(className, text) {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function fill(option, person) {
    option.className = "wm-autocomplete__option wm-mentions__option";
    option.dataset.handle = person.handle;
    option.dataset.name = person.name;
    option.append(
      span("wm-mentions__name", person.name),
      " ",
      span("wm-mentions__handle", `@${person.handle}`),
    );
    if (person.organisation) {
      option.append(" ", span("wm-mentions__organisation", person.organisation));
    }
  }

  async function fetchPeople() {
    const partial = typed();
    if (partial === null) return suggestions.close();
    const separator = url.includes("?") ? "&" : "?";
    const body = await fetchJSON(`${url}${separator}q=${encodeURIComponent(partial)}`);
    if (body === null) return suggestions.close();
    if (body && typed() === partial) {
      const people = body.results || [];
      const noun = people.length === 1 ? "person" : "people";
      suggestions.show(
        people,
        fill,
        `${people.length} ${noun} to mention. Enter or Tab picks the first; ` +
          "the up and down arrows choose another.",
      );
    }
  }

  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    if (typed() === null) return suggestions.close();
    timer = setTimeout(fetchPeople, DEBOUNCE_MS);
  });
  textarea.addEventListener("keydown", (event) => {
    if (!suggestions.handleKey(event, ["Enter", "Tab"]) && CARET_KEYS.includes(event.key)) {
      suggestions.close();
    }
  });
  textarea.addEventListener("click", suggestions.close);
  textarea.addEventListener("blur", () => setTimeout(suggestions.close, 100));
}

// Every box to write a post in under `root` (forum/thread.mjs calls this for replies it
// brings into the page).
export function enhanceWithin(root) {
  root.querySelectorAll("form[data-mentions-url]").forEach((form) => {
    form.querySelectorAll("textarea[name=source][id]").forEach((textarea) => {
      enhance(textarea, form.dataset.mentionsUrl);
    });
  });
}

enhanceWithin(document);

// Suggestions of people to @mention while writing a post. Without this file the textarea
// is a plain textarea; with it, typing @ and a few letters lists the people who may read
// the discussion (from the form's data-mentions-url), the up and down arrows move through
// them, Enter or Tab inserts "@handle ", Escape closes the list, and a live region says how
// many there are. The same approach and list styles as the site search's combobox
// (search/static/search/autocomplete.mjs); the textarea keeps its own role (a multi-line
// text box), and points at the list with aria-controls and aria-activedescendant.
const DEBOUNCE_MS = 150;
// "@" at the start or after a space or punctuation (not inside an e-mail address), then
// the letters typed so far, right before the caret.
const CARET_KEYS = ["ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", "Tab"];
const TRIGGER = /(?:^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}._-]{1,50})$/u;

function enhance(textarea, url) {
  const listId = `${textarea.id}-mentions`;

  const wrapper = document.createElement("div");
  wrapper.className = "wm-mentions";
  textarea.before(wrapper);
  wrapper.append(textarea);

  const list = document.createElement("ul");
  list.id = listId;
  list.className = "wm-autocomplete__list wm-mentions__list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "People to mention");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  wrapper.append(list, status);

  textarea.setAttribute("aria-autocomplete", "list");
  textarea.setAttribute("aria-controls", listId);
  textarea.setAttribute("aria-haspopup", "listbox");

  let active = -1;
  let timer = null;
  let controller = null;

  const options = () => Array.from(list.querySelectorAll("[role=option]"));
  const isOpen = () => !list.hidden;

  function typed() {
    if (textarea.selectionStart !== textarea.selectionEnd) return null;
    const match = textarea.value.slice(0, textarea.selectionStart).match(TRIGGER);
    return match ? match[1] : null;
  }

  function close() {
    list.hidden = true;
    list.replaceChildren();
    textarea.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    const all = options();
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && all[index]) {
      textarea.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      textarea.removeAttribute("aria-activedescendant");
    }
  }

  function choose(option) {
    const end = textarea.selectionStart;
    const partial = typed();
    if (partial === null) return close();
    const start = end - partial.length - 1;
    const mention = `@${option.dataset.handle}`;
    // One space after the handle, and the caret after it (reusing a space already there).
    const spaceFollows = /^\s/.test(textarea.value.slice(end));
    textarea.setRangeText(spaceFollows ? mention : `${mention} `, start, end, "end");
    const caret = start + mention.length + 1;
    textarea.setSelectionRange(caret, caret);
    close();
    status.textContent = `${option.dataset.name} mentioned.`;
    textarea.focus();
  }

  function span(className, text) {
    const element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function show(people) {
    list.replaceChildren();
    people.forEach((person, i) => {
      const option = document.createElement("li");
      option.id = `${listId}-${i}`;
      option.className = "wm-autocomplete__option wm-mentions__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
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
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the caret in the textarea
        choose(option);
      });
      list.append(option);
    });
    const count = people.length;
    list.hidden = count === 0;
    active = -1;
    textarea.removeAttribute("aria-activedescendant");
    const noun = count === 1 ? "person" : "people";
    status.textContent = count
      ? `${count} ${noun} to mention. Use the up and down arrows to choose, then Enter.`
      : "";
  }

  async function fetchPeople() {
    const partial = typed();
    if (partial === null) {
      close();
      return;
    }
    controller?.abort();
    controller = new AbortController();
    try {
      const separator = url.includes("?") ? "&" : "?";
      const response = await fetch(`${url}${separator}q=${encodeURIComponent(partial)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return close();
      const body = await response.json();
      if (typed() === partial) show(body.results || []);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    if (typed() === null) {
      controller?.abort();
      close();
      return;
    }
    timer = setTimeout(fetchPeople, DEBOUNCE_MS);
  });
  textarea.addEventListener("keydown", (event) => {
    if (!isOpen()) return;
    const all = options();
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % all.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? all.length - 1 : active - 1);
    } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0 && all[active]) {
      event.preventDefault();
      choose(all[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (CARET_KEYS.includes(event.key)) {
      close();
    }
  });
  textarea.addEventListener("click", close);
  textarea.addEventListener("blur", () => setTimeout(close, 100));
}

document.querySelectorAll("form[data-mentions-url]").forEach((form) => {
  form.querySelectorAll("textarea[name=source][id]").forEach((textarea) => {
    enhance(textarea, form.dataset.mentionsUrl);
  });
});
